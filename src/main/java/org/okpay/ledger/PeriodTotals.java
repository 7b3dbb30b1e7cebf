package org.okpay.ledger;

import java.time.Instant;

/**
 * One account over one period [{@code start}, {@code end}): the posted money that came in and
 * went out (each transfer counted on its own, as a statement counts them) and the posted balance
 * at the period's end. Holds (pending transfers) do not count until they are posted.
 *
 * @param period 0 for the first period asked for, 1 for the next, ...
 */
public record PeriodTotals(long accountId, int period, Instant start, Instant end, long inMinor,
    long outMinor, long closingMinor) {
}
