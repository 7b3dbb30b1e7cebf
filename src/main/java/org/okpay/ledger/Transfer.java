package org.okpay.ledger;

import java.time.Instant;
import java.util.Currency;
import java.util.Map;
import java.util.UUID;

/**
 * A transfer as stored: immutable once written. For post/void/expire, {@code amountMinor} is the
 * amount posted or released and the accounts are those of the pending transfer.
 */
public record Transfer(
    UUID id,
    long sequence,
    TransferKind kind,
    long debitAccountId,
    long creditAccountId,
    long amountMinor,
    Currency currency,
    UUID pendingId,
    Instant timeoutAt,
    String code,
    String reference,
    Map<String, String> metadata,
    Instant createdAt) {
}
