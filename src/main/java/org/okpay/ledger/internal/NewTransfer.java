package org.okpay.ledger.internal;

import org.okpay.ledger.Transfer;

/**
 * A transfer accepted by a batch, with both accounts' balances right after it and the shard key
 * it is stored under (its debit account's).
 */
record NewTransfer(
    Transfer transfer,
    int shardKey,
    long debitBalanceAfter,
    long debitAvailableAfter,
    long creditBalanceAfter,
    long creditAvailableAfter) {
}
