package org.okpay.merchants;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Refunds: money back from a merchant to the payer of one of its payments, by the merchant (API
 * or dashboard) or from an approved refund request. Never more than the payment: a refund's
 * amount is reserved on the payment row when it is created. Every merchant-side read and write
 * is scoped to the merchant (another merchant's refund or payment is "not found"); every
 * customer-side one to the payer.
 */
public interface RefundsApi {

  int LIST_LIMIT_MAX = 100;

  /** At most this many refunds (of any state) per payment. */
  int REFUNDS_PER_PAYMENT_MAX = 50;

  /** The reasons a refund (and a refund request) may give. */
  List<String> REASONS = List.of("requested_by_customer", "duplicate", "fraudulent",
      "not_received", "not_as_described", "other");

  /**
   * Creates a refund once per {@code merchantRefundReference}: the same reference again returns
   * the first refund ({@link Created#replayed()}); with another payment or amount it is
   * {@code idempotency_key_reused}. Needs refunds: write.
   */
  Created create(MerchantCaller caller, NewRefund request);

  /** The merchant's own refund; another merchant's is empty. Needs refunds: read. */
  Optional<Refund> refund(MerchantCaller caller, UUID refundId);

  /** Newest first, optionally of one payment. Needs refunds: read. */
  RefundPage refunds(MerchantCaller caller, UUID paymentId, String cursor, int limit);

  /** Cancels a pending refund (its amount becomes refundable again). Needs refunds: write. */
  Refund cancel(MerchantCaller caller, UUID refundId);

  /**
   * The job: tries every pending refund again (the merchant's balance may have grown) and fails
   * those past their {@code pendingUntil} as {@code deadline_passed}. Returns how many moved.
   */
  int retryDue(Instant now);

  /** The payer's refunds of the payment made with {@code transactionId}, newest first. */
  List<Refund> refundsOfTransaction(UUID payerUserId, UUID transactionId);

  /** The payer's refund whose money arrived in {@code refundTransactionId}, if any. */
  Optional<Refund> refundOfRefundTransaction(UUID payerUserId, UUID refundTransactionId);

  /**
   * The payer answers "did it arrive?" for a succeeded refund: {@code received} false files the
   * same complaint "my money has not arrived" does, on the refund's transaction.
   */
  Refund confirmArrival(UUID payerUserId, UUID refundId, boolean received, String message);

  /**
   * @param amountMinor null for everything still refundable
   * @param reason one of {@link #REASONS}
   */
  record NewRefund(UUID paymentId, Long amountMinor, String reason,
      String merchantRefundReference) {
  }

  record Created(Refund refund, boolean replayed) {
  }

  /**
   * @param status {@code pending}, {@code succeeded}, {@code failed} or {@code canceled}
   * @param failureReason {@code deadline_passed} (the merchant's balance stayed too low) or
   *     {@code payment_refused}; null unless failed
   * @param pendingUntil when a pending refund fails if the merchant's balance is still too low
   * @param waiting true while it waits for the merchant's balance
   * @param transactionId the payer's transaction the money arrived in, once succeeded
   * @param arrival the payer's answer: {@code received}, {@code not_received} or null
   */
  record Refund(UUID id, UUID merchantId, UUID paymentId, String status, long amountMinor,
      String currency, String reason, String failureReason, String merchantRefundReference,
      UUID refundRequestId, UUID transactionId, UUID paymentTransactionId, boolean waiting,
      Instant pendingUntil, Instant createdAt, Instant succeededAt, Instant failedAt,
      Instant canceledAt, String arrival, String merchantName) {

    public String object() {
      return "refund";
    }
  }

  record RefundPage(List<Refund> refunds, String nextCursor) {
  }
}
