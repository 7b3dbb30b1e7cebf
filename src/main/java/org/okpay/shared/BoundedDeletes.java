package org.okpay.shared;

import java.util.function.IntUnaryOperator;

/**
 * One round of a retention job: a delete of at most {@code rowsPerStatement} rows, repeated
 * while it finds that many, at most {@code statementsMax} times, so that no statement holds its
 * table long and no round runs without end. The next round goes on where this one stopped.
 */
public final class BoundedDeletes {

  private BoundedDeletes() {
  }

  /**
   * @param deleteUpTo deletes at most its argument rows and returns how many it deleted
   * @return the rows deleted in all
   */
  public static int round(IntUnaryOperator deleteUpTo, int rowsPerStatement, int statementsMax) {
    int deleted = 0;
    for (int i = 0; i < statementsMax; i++) {
      int n = deleteUpTo.applyAsInt(rowsPerStatement);
      deleted += n;
      if (n < rowsPerStatement) {
        break;
      }
    }
    return deleted;
  }
}
