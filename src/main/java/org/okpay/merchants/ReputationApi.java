package org.okpay.merchants;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * A merchant's reputation, computed from OKPay's own data (payments, refunds, refund requests,
 * complaints, ratings), and the payers' ratings it includes. See docs/merchants.md, "Reputation".
 */
public interface ReputationApi {

  /** Below this many succeeded payments a merchant is a "new merchant" and has no score. */
  int NEW_MERCHANT_BELOW = 20;
  /** A rating's comment, at most this many characters. */
  int COMMENT_LENGTH_MAX = 500;

  /** A payer's rating: stars 1..5 (required), an optional comment of at most 500 characters. */
  record NewRating(Integer stars, String comment) {
  }

  record Rating(UUID paymentId, UUID transactionId, UUID merchantId, int stars, String comment,
      Instant createdAt) {
  }

  /**
   * Rates one of the payer's own succeeded merchant payments, once. The id is the payment's id or
   * its transaction's id (as for refund requests). 404 {@code merchant_payment_not_found} for
   * another payer's payment, 409 {@code merchant_payment_rated} the second time, 409
   * {@code merchant_payment_not_rateable} for a failed payment, 400 for bad stars or comment.
   */
  Rating rate(UUID payerUserId, UUID paymentOrTransactionId, NewRating rating);

  /**
   * The payer's own view of rating a payment: whether it may still be rated (it succeeded and
   * was not rated yet) and the rating once given.
   *
   * @param rating null until the payer rated it
   */
  record MyRating(UUID paymentId, UUID transactionId, boolean rateable, Rating rating) {
  }

  /**
   * The payer's rating of one of their merchant payments (its id or its transaction's id); empty
   * when it is not one of their merchant payments.
   */
  Optional<MyRating> myRating(UUID payerUserId, UUID paymentOrTransactionId);

  /**
   * What the score is made of.
   *
   * @param ageDays whole days since the merchant joined OKPay
   * @param completedPayments succeeded payments
   * @param refundRatePercent money refunded (succeeded refunds) / money paid, in percent (2
   *     decimals); compared within each currency, currencies weighted by their payment count
   * @param refundedPayments succeeded payments with at least one succeeded refund
   * @param medianAnswerMinutes median time from a refund request to the merchant's answer;
   *     null when none was answered
   * @param refundRequests requests that ended answered or expired (withdrawn ones do not count)
   * @param expiredSharePercent expired / (answered + expired), in percent; null when none
   * @param complaints payment complaints on the merchant's payments' and refunds' transactions
   * @param complaintsPer1000 complaints per 1,000 completed payments (1 decimal)
   * @param averageRating mean stars (2 decimals); null when nobody rated
   * @param disputes disputes customers opened on the merchant's payments (from
   *     {@link DisputeStats}; 0 without the support module)
   * @param disputeRatePercent disputes / completed payments, in percent (2 decimals)
   */
  record Inputs(Instant since, long ageDays, boolean verified, long completedPayments,
      BigDecimal refundRatePercent, long refundedPayments, Long medianAnswerMinutes,
      long refundRequests, long expiredRequests, BigDecimal expiredSharePercent,
      long complaints, BigDecimal complaintsPer1000, BigDecimal averageRating, long ratings,
      long disputes, BigDecimal disputeRatePercent) {

    public Inputs withDisputes(long count, BigDecimal ratePercent) {
      return new Inputs(since, ageDays, verified, completedPayments, refundRatePercent,
          refundedPayments, medianAnswerMinutes, refundRequests, expiredRequests,
          expiredSharePercent, complaints, complaintsPer1000, averageRating, ratings, count,
          ratePercent);
    }
  }

  /**
   * @param newMerchant fewer than {@link #NEW_MERCHANT_BELOW} completed payments: no score
   * @param score 1.0..5.0 (1 decimal); null for a new merchant
   */
  record Reputation(UUID merchantId, boolean newMerchant, BigDecimal score, Inputs inputs) {
  }

  /** Empty for an unknown merchant. Public facts only: anybody may read it. */
  Optional<Reputation> reputation(UUID merchantId);
}
