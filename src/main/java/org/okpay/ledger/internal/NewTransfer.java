package org.okpay.ledger.internal;

import org.okpay.ledger.Transfer;

/** A transfer accepted by a batch, with both accounts' balances right after it. */
record NewTransfer(
    Transfer transfer,
    long debitBalanceAfter,
    long debitAvailableAfter,
    long creditBalanceAfter,
    long creditAvailableAfter) {
}
