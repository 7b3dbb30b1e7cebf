package org.okpay.ledger;

import java.time.Duration;
import java.util.Currency;
import java.util.Map;
import java.util.UUID;

/**
 * One transfer to apply. Use the factory methods; the record's fields are what the ledger
 * validates, in the order of {@link TransferResultCode}.
 *
 * @param id client-chosen id: applying the same id again is an idempotent replay
 * @param debitAccountId for post/void: 0 (taken from the pending transfer) or the same account
 * @param creditAccountId for post/void: 0 (taken from the pending transfer) or the same account
 * @param amountMinor &gt; 0; for post-pending 0 means "the full pending amount"; for void 0
 * @param currency for post/void: null (taken from the pending transfer) or the same currency
 * @param pendingId the hold that a post or void settles; null otherwise
 * @param timeout for pending transfers: void the hold automatically after this; null for never
 * @param code what the transfer is for, e.g. {@code topup}, {@code p2p}, {@code fee}
 * @param reference the business object it belongs to, e.g. a payment id
 * @param metadata a few small key-value pairs
 */
public record TransferRequest(
    UUID id,
    TransferKind kind,
    long debitAccountId,
    long creditAccountId,
    long amountMinor,
    Currency currency,
    UUID pendingId,
    Duration timeout,
    String code,
    String reference,
    Map<String, String> metadata) {

  public static final int CODE_LENGTH_MAX = 64;
  public static final int REFERENCE_LENGTH_MAX = 128;
  public static final int METADATA_ENTRIES_MAX = 16;
  public static final int METADATA_KEY_LENGTH_MAX = 64;
  public static final int METADATA_VALUE_LENGTH_MAX = 256;
  public static final Duration TIMEOUT_MAX = Duration.ofDays(366);

  public TransferRequest {
    metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
  }

  public static TransferRequest posted(UUID id, long debitAccountId, long creditAccountId,
      long amountMinor, Currency currency, String code, String reference) {
    return new TransferRequest(id, TransferKind.POSTED, debitAccountId, creditAccountId,
        amountMinor, currency, null, null, code, reference, Map.of());
  }

  public static TransferRequest pending(UUID id, long debitAccountId, long creditAccountId,
      long amountMinor, Currency currency, Duration timeout, String code, String reference) {
    return new TransferRequest(id, TransferKind.PENDING, debitAccountId, creditAccountId,
        amountMinor, currency, null, timeout, code, reference, Map.of());
  }

  /** Settles a hold; {@code amountMinor} 0 settles the full held amount. */
  public static TransferRequest postPending(UUID id, UUID pendingId, long amountMinor, String code) {
    return new TransferRequest(id, TransferKind.POST_PENDING, 0, 0, amountMinor, null, pendingId,
        null, code, null, Map.of());
  }

  public static TransferRequest voidPending(UUID id, UUID pendingId, String code) {
    return new TransferRequest(id, TransferKind.VOID_PENDING, 0, 0, 0, null, pendingId, null, code,
        null, Map.of());
  }

  public TransferRequest withId(UUID newId) {
    return new TransferRequest(newId, kind, debitAccountId, creditAccountId, amountMinor, currency,
        pendingId, timeout, code, reference, metadata);
  }

  public TransferRequest withMetadata(Map<String, String> newMetadata) {
    return new TransferRequest(id, kind, debitAccountId, creditAccountId, amountMinor, currency,
        pendingId, timeout, code, reference, newMetadata);
  }
}
