package org.okpay.merchants;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.okpay.identity.CurrentUser;

/**
 * Refund requests: a customer asks a merchant for money back from one of their payments, within
 * the merchant's refund window; the merchant approves (a refund is made) or rejects within
 * {@code okpay.merchants.refund-requests.answer-within} (48 h); an unanswered request expires
 * and the customer is offered to escalate to support ({@link RefundRequestExpired}).
 */
public interface RefundRequestsApi {

  /** Asks for a refund of the payment given by {@code paymentId} or {@code transactionId}. */
  RefundRequest request(CurrentUser customer, NewRequest request);

  /** The customer takes back a request the merchant has not answered. */
  RefundRequest withdraw(UUID customerId, UUID requestId);

  /** The customer's requests, of one payment transaction or (null) all, newest first. */
  List<RefundRequest> mine(UUID customerId, UUID paymentTransactionId);

  /** The merchant's requests: open ones first, by their answer-by time. Needs refunds: read. */
  List<RefundRequest> ofMerchant(MerchantCaller caller, int limit);

  Optional<RefundRequest> ofMerchant(MerchantCaller caller, UUID requestId);

  /** Approves: the refund is made at once (its own state). Needs refunds: write. */
  RefundRequest approve(MerchantCaller caller, UUID requestId);

  /** Rejects with a note the customer sees. Needs refunds: write. */
  RefundRequest reject(MerchantCaller caller, UUID requestId, String note);

  /**
   * The customer's merchant payment made with {@code transactionId}, as the refund pages show it;
   * empty when it is not theirs or not a merchant payment.
   */
  Optional<PayerPayment> payerPayment(UUID customerId, UUID transactionId);

  /** The job: expires every request past its answer-by time. Returns how many. */
  int expireDue(Instant now);

  /**
   * @param amountMinor null for everything still refundable
   * @param reason one of {@link RefundsApi#REASONS}
   */
  record NewRequest(UUID paymentId, UUID transactionId, Long amountMinor, String reason,
      String message) {
  }

  /**
   * @param windowEndsAt the last moment a refund may be requested
   * @param canRequest refundable, in the window, and no open request
   */
  record PayerPayment(UUID paymentId, UUID transactionId, String merchantName,
      long amountMinor, long refundedMinor, long refundableMinor, String currency,
      Instant windowEndsAt, boolean canRequest) {
  }

  /**
   * @param status {@code requested}, {@code approved}, {@code rejected}, {@code expired} or
   *     {@code withdrawn}
   * @param escalate true once expired: the customer may take it to support
   */
  record RefundRequest(UUID id, UUID merchantId, String merchantName, UUID paymentId,
      UUID paymentTransactionId, String status, long amountMinor, String currency,
      String reason, String message, Instant answerBy, Instant answeredAt, String answerNote,
      UUID refundId, boolean escalate, Instant createdAt) {

    public String object() {
      return "refund_request";
    }
  }
}
