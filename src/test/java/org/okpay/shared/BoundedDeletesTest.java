package org.okpay.shared;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A retention round deletes until a statement finds fewer rows than it may, or its cap. */
class BoundedDeletesTest {

  @Test
  void stopsAtTheFirstStatementThatFindsFewerRowsThanItMay() {
    int[] left = {2_500};
    List<Integer> asked = new ArrayList<>();
    int deleted = BoundedDeletes.round(limit -> {
      asked.add(limit);
      int n = Math.min(limit, left[0]);
      left[0] -= n;
      return n;
    }, 1000, 20);

    assertThat(deleted).isEqualTo(2_500);
    assertThat(asked).containsExactly(1000, 1000, 1000);
  }

  @Test
  void runsAtMostItsCapOfStatements() {
    int[] statements = {0};
    int deleted = BoundedDeletes.round(limit -> {
      statements[0]++;
      return limit;
    }, 1000, 20);

    assertThat(statements[0]).isEqualTo(20);
    assertThat(deleted).isEqualTo(20_000);
  }
}
