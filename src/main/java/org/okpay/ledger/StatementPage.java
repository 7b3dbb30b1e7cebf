package org.okpay.ledger;

import java.util.List;

/**
 * A page of an account statement, newest first.
 *
 * @param nextCursor pass it back to get the next (older) page; null on the last page
 */
public record StatementPage(long accountId, List<StatementLine> lines, String nextCursor) {
}
