package org.okpay.merchants.internal.refunds;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.okpay.merchants.RefundsApi.Refund;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * merchants.refunds and the reservation on merchants.payments: always read with the merchant's
 * or the payer's id; every state move is a compare-and-set from {@code pending}.
 */
@Component
class RefundStore {

  static final String PENDING = "pending";

  private static final String SELECT = """
      select r.id, r.merchant_id, r.payment_id, r.status, r.amount_minor, r.currency, r.reason,
             r.failure_reason, r.merchant_refund_reference, r.refund_request_id,
             r.transaction_id, p.transaction_id as payment_transaction_id, r.waiting_since,
             r.pending_until, r.created_at, r.succeeded_at, r.failed_at, r.canceled_at,
             r.arrival, m.business_name, r.payer_user_id, r.attempt
        from merchants.refunds r
        join merchants.payments p on p.id = r.payment_id
        join merchants.merchants m on m.id = r.merchant_id
      """;

  private final JdbcClient jdbc;

  RefundStore(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /** The payment as a refund needs it; only the merchant's own. */
  Optional<Payment> payment(UUID merchantId, UUID paymentId) {
    return jdbc.sql("""
        select id, merchant_id, transaction_id, payer_user_id, amount_minor, refunded_minor,
               currency, status, created_at
          from merchants.payments where id = :id and merchant_id = :merchant
        """).param("id", paymentId).param("merchant", merchantId)
        .query((rs, n) -> new Payment(rs.getObject("id", UUID.class),
            rs.getObject("merchant_id", UUID.class), rs.getObject("transaction_id", UUID.class),
            rs.getObject("payer_user_id", UUID.class), rs.getLong("amount_minor"),
            rs.getLong("refunded_minor"), rs.getString("currency"), rs.getString("status"),
            instant(rs, "created_at")))
        .optional();
  }

  /**
   * Reserves {@code amount} on the payment in one statement (the row stays locked until the
   * transaction ends): false when it does not fit what is left.
   */
  boolean reserve(UUID merchantId, UUID paymentId, long amount) {
    return jdbc.sql("""
        update merchants.payments set refunded_minor = refunded_minor + :amount
         where id = :id and merchant_id = :merchant and status = 'succeeded'
           and refunded_minor + :amount <= amount_minor
        """).param("amount", amount).param("id", paymentId).param("merchant", merchantId)
        .update() == 1;
  }

  /** Gives a failed or canceled refund's amount back to the payment. */
  void release(UUID paymentId, long amount) {
    jdbc.sql("""
        update merchants.payments set refunded_minor = refunded_minor - :amount where id = :id
        """).param("amount", amount).param("id", paymentId).update();
  }

  int countOfPayment(UUID paymentId) {
    return jdbc.sql("select count(*) from merchants.refunds where payment_id = :id")
        .param("id", paymentId).query(Integer.class).single();
  }

  /** False when the merchant already has a refund with this reference (or the request one). */
  boolean insert(UUID id, Payment p, long amount, String reason, String reference,
      UUID requestId, UUID createdBy, Instant now, Instant pendingUntil) {
    return jdbc.sql("""
        insert into merchants.refunds (id, merchant_id, payment_id, payer_user_id, amount_minor,
            currency, reason, status, merchant_refund_reference, refund_request_id,
            pending_until, created_by, created_at)
        values (:id, :merchant, :payment, :payer, :amount, :currency, :reason, 'pending',
            :reference, :request, :until, :by, :now)
        on conflict do nothing
        """).param("id", id).param("merchant", p.merchantId()).param("payment", p.id())
        .param("payer", p.payerUserId()).param("amount", amount).param("currency", p.currency())
        .param("reason", reason).param("reference", reference).param("request", requestId)
        .param("until", ts(pendingUntil)).param("by", createdBy).param("now", ts(now))
        .update() == 1;
  }

  Optional<Row> byReference(UUID merchantId, String reference) {
    return jdbc.sql(SELECT + " where r.merchant_id = :merchant"
        + " and r.merchant_refund_reference = :reference")
        .param("merchant", merchantId).param("reference", reference).query(RefundStore::row)
        .optional();
  }

  Optional<Row> byRequest(UUID requestId) {
    return jdbc.sql(SELECT + " where r.refund_request_id = :request")
        .param("request", requestId).query(RefundStore::row).optional();
  }

  Optional<Row> find(UUID merchantId, UUID id) {
    return jdbc.sql(SELECT + " where r.id = :id and r.merchant_id = :merchant")
        .param("id", id).param("merchant", merchantId).query(RefundStore::row).optional();
  }

  /** Unscoped: only for the engine's own steps and the job, which know the id from the key. */
  Optional<Row> byId(UUID id) {
    return jdbc.sql(SELECT + " where r.id = :id").param("id", id).query(RefundStore::row)
        .optional();
  }

  Optional<Row> ofPayer(UUID payerUserId, UUID id) {
    return jdbc.sql(SELECT + " where r.id = :id and r.payer_user_id = :payer")
        .param("id", id).param("payer", payerUserId).query(RefundStore::row).optional();
  }

  List<Row> ofPaymentTransaction(UUID payerUserId, UUID transactionId) {
    return jdbc.sql(SELECT + " where r.payer_user_id = :payer and p.transaction_id = :tx"
        + " order by r.created_at desc, r.id desc")
        .param("payer", payerUserId).param("tx", transactionId).query(RefundStore::row).list();
  }

  Optional<Row> ofRefundTransaction(UUID payerUserId, UUID transactionId) {
    return jdbc.sql(SELECT + " where r.payer_user_id = :payer and r.transaction_id = :tx")
        .param("payer", payerUserId).param("tx", transactionId).query(RefundStore::row)
        .optional();
  }

  /** Newest first after the cursor, one more than asked. */
  List<Row> page(UUID merchantId, UUID paymentId, Instant afterAt, UUID afterId, int size) {
    return jdbc.sql(SELECT + " where r.merchant_id = :merchant"
        + " and (cast(:payment as uuid) is null or r.payment_id = :payment)"
        + " and (cast(:at as timestamptz) is null or (r.created_at, r.id) < (:at, :afterId))"
        + " order by r.created_at desc, r.id desc limit :size")
        .param("merchant", merchantId).param("payment", paymentId).param("at", ts(afterAt))
        .param("afterId", afterId).param("size", size + 1).query(RefundStore::row).list();
  }

  List<UUID> pendingIds(int limit) {
    return jdbc.sql("select id from merchants.refunds where status = 'pending'"
        + " order by created_at limit :limit").param("limit", limit).query(UUID.class).list();
  }

  boolean succeeded(UUID id, UUID transactionId, Instant now) {
    return jdbc.sql("""
        update merchants.refunds set status = 'succeeded', transaction_id = :tx,
               succeeded_at = :now
         where id = :id and status = 'pending'
        """).param("id", id).param("tx", transactionId).param("now", ts(now)).update() == 1;
  }

  /** Compare-and-set from pending; {@code before} null for "whatever the deadline". */
  boolean failed(UUID id, String failureReason, Instant now, Instant deadlineBefore) {
    return jdbc.sql("""
        update merchants.refunds set status = 'failed', failure_reason = :reason,
               failed_at = :now
         where id = :id and status = 'pending'
           and (cast(:before as timestamptz) is null or pending_until <= :before)
        """).param("id", id).param("reason", failureReason).param("now", ts(now))
        .param("before", ts(deadlineBefore)).update() == 1;
  }

  boolean canceled(UUID merchantId, UUID id, Instant now) {
    return jdbc.sql("""
        update merchants.refunds set status = 'canceled', canceled_at = :now
         where id = :id and merchant_id = :merchant and status = 'pending'
        """).param("id", id).param("merchant", merchantId).param("now", ts(now)).update() == 1;
  }

  /** Marks it waiting for the merchant's balance: true the first time (tell the customer). */
  boolean waiting(UUID id, Instant now) {
    return jdbc.sql("""
        update merchants.refunds set waiting_since = :now
         where id = :id and status = 'pending' and waiting_since is null
        """).param("id", id).param("now", ts(now)).update() == 1;
  }

  /** The engine refused this attempt: the next one uses a new key. */
  boolean nextAttempt(UUID id, int attempt) {
    return jdbc.sql("""
        update merchants.refunds set attempt = attempt + 1
         where id = :id and status = 'pending' and attempt = :attempt
        """).param("id", id).param("attempt", attempt).update() == 1;
  }

  boolean arrival(UUID payerUserId, UUID id, String arrival, Instant now) {
    return jdbc.sql("""
        update merchants.refunds set arrival = :arrival, arrival_at = :now
         where id = :id and payer_user_id = :payer and status = 'succeeded' and arrival is null
        """).param("id", id).param("payer", payerUserId).param("arrival", arrival)
        .param("now", ts(now)).update() == 1;
  }

  static Timestamp ts(Instant i) {
    return i == null ? null : Timestamp.from(i);
  }

  static Instant instant(ResultSet rs, String column) throws SQLException {
    Timestamp t = rs.getTimestamp(column);
    return t == null ? null : t.toInstant();
  }

  private static Row row(ResultSet rs, int n) throws SQLException {
    Refund view = new Refund(rs.getObject("id", UUID.class),
        rs.getObject("merchant_id", UUID.class), rs.getObject("payment_id", UUID.class),
        rs.getString("status"), rs.getLong("amount_minor"), rs.getString("currency"),
        rs.getString("reason"), rs.getString("failure_reason"),
        rs.getString("merchant_refund_reference"), rs.getObject("refund_request_id", UUID.class),
        rs.getObject("transaction_id", UUID.class),
        rs.getObject("payment_transaction_id", UUID.class),
        PENDING.equals(rs.getString("status")) && rs.getTimestamp("waiting_since") != null,
        instant(rs, "pending_until"), instant(rs, "created_at"), instant(rs, "succeeded_at"),
        instant(rs, "failed_at"), instant(rs, "canceled_at"), rs.getString("arrival"),
        rs.getString("business_name"));
    return new Row(view, rs.getObject("payer_user_id", UUID.class), rs.getInt("attempt"));
  }

  record Row(Refund view, UUID payerUserId, int attempt) {

    UUID id() {
      return view.id();
    }

    UUID merchantId() {
      return view.merchantId();
    }

    boolean pending() {
      return PENDING.equals(view.status());
    }
  }

  record Payment(UUID id, UUID merchantId, UUID transactionId, UUID payerUserId,
      long amountMinor, long refundedMinor, String currency, String status, Instant createdAt) {
  }
}
