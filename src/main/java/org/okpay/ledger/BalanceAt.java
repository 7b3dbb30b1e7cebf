package org.okpay.ledger;

import java.time.Instant;
import java.util.Currency;

/** An account's balances as they stood at a moment in the past. */
public record BalanceAt(long accountId, Currency currency, Instant at, long balanceMinor,
    long availableMinor) {
}
