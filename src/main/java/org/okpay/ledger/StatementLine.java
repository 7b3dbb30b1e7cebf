package org.okpay.ledger;

import java.time.Instant;
import java.util.UUID;

/**
 * One transfer as seen from one account, with the account's balances right after it.
 *
 * @param postedChangeMinor signed change of the posted balance (credit +, debit -)
 * @param availableChangeMinor signed change of the available balance
 */
public record StatementLine(
    long sequence,
    UUID transferId,
    TransferKind kind,
    long counterpartyAccountId,
    long postedChangeMinor,
    long availableChangeMinor,
    long balanceAfterMinor,
    long availableAfterMinor,
    String code,
    String reference,
    Instant createdAt) {
}
