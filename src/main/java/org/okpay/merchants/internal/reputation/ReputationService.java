package org.okpay.merchants.internal.reputation;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.okpay.merchants.DisputeStats;
import org.okpay.merchants.ReputationApi;
import org.okpay.shared.ErrorCode;
import org.okpay.shared.FieldErrors;
import org.okpay.shared.OkPayException;
import org.springframework.stereotype.Service;

/**
 * Ratings (once per payment, by its payer) and the reputation: inputs from one SQL statement,
 * the score from {@link #score(ReputationApi.Inputs)} (the formula in docs/merchants.md).
 */
@Service
class ReputationService implements ReputationApi {

  /** Ratings count in the score once there are at least this many. */
  static final int RATINGS_COUNTED_FROM = 5;
  private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

  private final ReputationStore store;
  private final Clock clock;
  private final org.springframework.beans.factory.ObjectProvider<DisputeStats> disputes;

  /** @param disputes the support module's counts; absent (no support module) counts zero */
  ReputationService(ReputationStore store, Clock clock,
      org.springframework.beans.factory.ObjectProvider<DisputeStats> disputes) {
    this.store = store;
    this.clock = clock;
    this.disputes = disputes;
  }

  @Override
  public Rating rate(UUID payerUserId, UUID paymentOrTransactionId, NewRating rating) {
    FieldErrors errors = new FieldErrors();
    Integer stars = rating == null ? null : rating.stars();
    if (stars == null) {
      errors.add("stars", FieldErrors.REQUIRED);
    } else if (stars < 1 || stars > 5) {
      errors.add("stars", FieldErrors.OUT_OF_RANGE);
    }
    String comment = rating == null || rating.comment() == null ? null : rating.comment().strip();
    if (comment != null && comment.length() > COMMENT_LENGTH_MAX) {
      errors.add("comment", FieldErrors.TOO_LONG);
    }
    if (!errors.isEmpty()) {
      throw errors.exception();
    }
    ReputationStore.Payment p = store.payment(payerUserId, paymentOrTransactionId)
        .orElseThrow(() -> new OkPayException(ErrorCode.MERCHANT_PAYMENT_NOT_FOUND));
    if (!"succeeded".equals(p.status())) {
      throw new OkPayException(ErrorCode.MERCHANT_PAYMENT_NOT_RATEABLE);
    }
    if (!store.insert(p, payerUserId, stars, comment == null || comment.isEmpty() ? null
        : comment, clock.instant())) {
      throw new OkPayException(ErrorCode.MERCHANT_PAYMENT_RATED);
    }
    return store.rating(p.id());
  }

  @Override
  @org.okpay.shared.ReplicaRead
  public Optional<MyRating> myRating(UUID payerUserId, UUID paymentOrTransactionId) {
    return store.payment(payerUserId, paymentOrTransactionId).map(p -> {
      Optional<Rating> given = store.findRating(p.id());
      return new MyRating(p.id(), p.transactionId(),
          given.isEmpty() && "succeeded".equals(p.status()), given.orElse(null));
    });
  }

  @Override
  @org.okpay.shared.ReplicaRead
  public Optional<Reputation> reputation(UUID merchantId) {
    Instant now = clock.instant();
    return store.inputs(merchantId).map(raw -> {
      Inputs in = new Inputs(raw.since(), Math.max(0, Duration.between(raw.since(), now).toDays()),
          raw.verified(), raw.completed(),
          percent(raw.refundShare() == null ? BigDecimal.ZERO : raw.refundShare()),
          raw.refundedPayments(),
          raw.medianAnswerSeconds() == null ? null
              : Math.round(raw.medianAnswerSeconds() / 60),
          raw.requests(), raw.expired(),
          raw.requests() == 0 ? null
              : percent(BigDecimal.valueOf(raw.expired())
                  .divide(BigDecimal.valueOf(raw.requests()), 10, RoundingMode.HALF_UP)),
          raw.complaints(),
          raw.completed() == 0 ? BigDecimal.ZERO.setScale(1)
              : BigDecimal.valueOf(raw.complaints() * 1000L)
                  .divide(BigDecimal.valueOf(raw.completed()), 1, RoundingMode.HALF_UP),
          raw.averageRating() == null ? null
              : raw.averageRating().setScale(2, RoundingMode.HALF_UP),
          raw.ratings(), 0, BigDecimal.ZERO.setScale(2));
      DisputeStats stats = disputes.getIfAvailable();
      DisputeStats.Counts counts = stats == null ? DisputeStats.Counts.NONE
          : stats.counts(merchantId);
      in = in.withDisputes(counts.opened(), raw.completed() == 0 ? BigDecimal.ZERO.setScale(2)
          : percent(BigDecimal.valueOf(counts.opened())
              .divide(BigDecimal.valueOf(raw.completed()), 10, RoundingMode.HALF_UP)));
      boolean isNew = in.completedPayments() < NEW_MERCHANT_BELOW;
      return new Reputation(merchantId, isNew, isNew ? null : score(in), in);
    });
  }

  /**
   * Start at 5 and take off: the refund rate / 10 (at most 1.5), the expired share of refund
   * requests × 1.5, complaints per 1,000 payments / 10 (at most 1.5), 0.5 when the median
   * answer takes more than 24 h, 0.5 when not verified, 0.25 when younger than 90 days. With
   * at least 5 ratings, the result is averaged with the average rating. Kept within 1..5,
   * rounded to one decimal.
   */
  static BigDecimal score(Inputs in) {
    double s = 5.0;
    s -= Math.min(1.5, in.refundRatePercent().doubleValue() / 10);
    s -= in.expiredSharePercent() == null ? 0 : in.expiredSharePercent().doubleValue() / 100 * 1.5;
    s -= Math.min(1.5, in.complaintsPer1000().doubleValue() / 10);
    // Card networks treat 1 % of payments disputed as high: each percent takes off 0.5.
    s -= Math.min(1.5, in.disputeRatePercent().doubleValue() / 2);
    s -= in.medianAnswerMinutes() != null && in.medianAnswerMinutes() > 24 * 60 ? 0.5 : 0;
    s -= in.verified() ? 0 : 0.5;
    s -= in.ageDays() < 90 ? 0.25 : 0;
    if (in.ratings() >= RATINGS_COUNTED_FROM) {
      s = (s + in.averageRating().doubleValue()) / 2;
    }
    return BigDecimal.valueOf(Math.max(1.0, Math.min(5.0, s))).setScale(1, RoundingMode.HALF_UP);
  }

  private static BigDecimal percent(BigDecimal share) {
    return share.multiply(HUNDRED).setScale(2, RoundingMode.HALF_UP);
  }
}
