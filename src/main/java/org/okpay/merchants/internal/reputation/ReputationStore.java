package org.okpay.merchants.internal.reputation;

import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.okpay.merchants.ReputationApi.Rating;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** merchants.ratings, and the reputation's inputs read in one statement per merchant. */
@Component
class ReputationStore {

  /** A payer's own merchant payment, by its id or its transaction's id. */
  record Payment(UUID id, UUID transactionId, UUID merchantId, String status) {
  }

  /** The raw inputs, as the database counts them. */
  record Raw(Instant since, boolean verified, long completed, BigDecimal refundShare,
      long refundedPayments, Double medianAnswerSeconds, long requests, long expired,
      long complaints, long ratings, BigDecimal averageRating) {
  }

  /**
   * Everything from the merchant's own rows. Refunded money counts succeeded refunds only (the
   * money is back); the refund share is compared within each currency (refunded / paid), the
   * currencies weighted by their number of payments. Refund requests count once they ended
   * answered (approved, rejected) or expired; withdrawn ones do not count. Complaints are the
   * payments module's complaints on the transactions of the merchant's payments and refunds.
   */
  private static final String INPUTS = """
      with paid as (
        select p.id, p.transaction_id, p.amount_minor, p.currency
          from merchants.payments p
         where p.merchant_id = :m and p.status = 'succeeded'
      ), back as (
        select r.payment_id, sum(r.amount_minor) as refunded
          from merchants.refunds r
         where r.merchant_id = :m and r.status = 'succeeded'
         group by r.payment_id
      ), by_currency as (
        select paid.currency, count(*) as payments, sum(paid.amount_minor) as paid,
               coalesce(sum(back.refunded), 0) as refunded, count(back.payment_id) as refunded_payments
          from paid left join back on back.payment_id = paid.id
         group by paid.currency
      ), requests as (
        select q.status, q.answered_at - q.created_at as took
          from merchants.refund_requests q
         where q.merchant_id = :m and q.status in ('approved', 'rejected', 'expired')
      ), ratings as (
        select count(*) as n, avg(stars) as average
          from merchants.ratings where merchant_id = :m
      )
      select m.created_at,
             m.verification = 'verified' as verified,
             (select coalesce(sum(payments), 0) from by_currency) as completed,
             (select sum(refunded::numeric / paid * payments) / nullif(sum(payments), 0)
                from by_currency) as refund_share,
             (select coalesce(sum(refunded_payments), 0) from by_currency) as refunded_payments,
             (select percentile_cont(0.5) within group (order by extract(epoch from took))
                from requests where status <> 'expired') as median_answer_seconds,
             (select count(*) from requests) as requests,
             (select count(*) from requests where status = 'expired') as expired,
             (select count(*) from payments.complaints c
               where c.transaction_id in (select transaction_id from paid)
                  or c.transaction_id in (select r.transaction_id from merchants.refunds r
                                           where r.merchant_id = :m)) as complaints,
             (select n from ratings) as ratings,
             (select average from ratings) as average_rating
        from merchants.merchants m
       where m.id = :m
      """;

  private final JdbcClient jdbc;

  ReputationStore(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  Optional<Raw> inputs(UUID merchantId) {
    return jdbc.sql(INPUTS).param("m", merchantId).query((rs, n) -> new Raw(
        rs.getTimestamp("created_at").toInstant(), rs.getBoolean("verified"),
        rs.getLong("completed"), rs.getBigDecimal("refund_share"),
        rs.getLong("refunded_payments"), (Double) rs.getObject("median_answer_seconds"),
        rs.getLong("requests"), rs.getLong("expired"), rs.getLong("complaints"),
        rs.getLong("ratings"), rs.getBigDecimal("average_rating"))).optional();
  }

  Optional<Payment> payment(UUID payerId, UUID paymentOrTransactionId) {
    return jdbc.sql("""
        select id, transaction_id, merchant_id, status from merchants.payments
         where payer_user_id = :payer and (id = :id or transaction_id = :id)
        """).param("payer", payerId).param("id", paymentOrTransactionId)
        .query((rs, n) -> new Payment(rs.getObject("id", UUID.class),
            rs.getObject("transaction_id", UUID.class), rs.getObject("merchant_id", UUID.class),
            rs.getString("status"))).optional();
  }

  /** False when the payment was rated already (one rating per payment). */
  boolean insert(Payment p, UUID payerId, int stars, String comment, Instant at) {
    return jdbc.sql("""
        insert into merchants.ratings (payment_id, merchant_id, payer_user_id, stars, comment,
                                       created_at)
        values (:payment, :merchant, :payer, :stars, :comment, :at)
        on conflict (payment_id) do nothing
        """).param("payment", p.id()).param("merchant", p.merchantId()).param("payer", payerId)
        .param("stars", stars).param("comment", comment).param("at", Timestamp.from(at))
        .update() == 1;
  }

  Rating rating(UUID paymentId) {
    return findRating(paymentId).orElseThrow();
  }

  java.util.Optional<Rating> findRating(UUID paymentId) {
    return jdbc.sql("""
        select r.payment_id, p.transaction_id, r.merchant_id, r.stars, r.comment, r.created_at
          from merchants.ratings r join merchants.payments p on p.id = r.payment_id
         where r.payment_id = :id
        """).param("id", paymentId).query((rs, n) -> new Rating(
            rs.getObject("payment_id", UUID.class), rs.getObject("transaction_id", UUID.class),
            rs.getObject("merchant_id", UUID.class), rs.getInt("stars"), rs.getString("comment"),
            rs.getTimestamp("created_at").toInstant())).optional();
  }
}
