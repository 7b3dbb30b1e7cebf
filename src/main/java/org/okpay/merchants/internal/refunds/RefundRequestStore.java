package org.okpay.merchants.internal.refunds;

import static org.okpay.merchants.internal.refunds.RefundStore.instant;
import static org.okpay.merchants.internal.refunds.RefundStore.ts;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.okpay.merchants.RefundRequestsApi.RefundRequest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** merchants.refund_requests, read with the merchant's or the customer's id; moves are CAS. */
@Component
class RefundRequestStore {

  static final String REQUESTED = "requested";

  private static final String SELECT = """
      select q.id, q.merchant_id, m.business_name, q.payment_id, p.transaction_id, q.status,
             q.amount_minor, q.currency, q.reason, q.message, q.answer_by, q.answered_at,
             q.answer_note, q.refund_id, q.escalation_offered_at, q.created_at, q.payer_user_id
        from merchants.refund_requests q
        join merchants.payments p on p.id = q.payment_id
        join merchants.merchants m on m.id = q.merchant_id
      """;

  private final JdbcClient jdbc;

  RefundRequestStore(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /** The customer's payment (as its payer), by its id or its transaction's id. */
  Optional<Payer> payment(UUID customerId, UUID paymentId, UUID transactionId) {
    return jdbc.sql("""
        select p.id, p.merchant_id, p.transaction_id, p.amount_minor, p.refunded_minor,
               p.currency, p.status, p.created_at, m.refund_window_days, m.owner_user_id
          from merchants.payments p join merchants.merchants m on m.id = p.merchant_id
         where p.payer_user_id = :payer
           and (p.id = cast(:payment as uuid) or p.transaction_id = cast(:tx as uuid))
        """).param("payer", customerId).param("payment", paymentId).param("tx", transactionId)
        .query((rs, n) -> new Payer(rs.getObject("id", UUID.class),
            rs.getObject("merchant_id", UUID.class), rs.getObject("transaction_id", UUID.class),
            rs.getLong("amount_minor"), rs.getLong("refunded_minor"), rs.getString("currency"),
            rs.getString("status"), instant(rs, "created_at"), rs.getInt("refund_window_days"),
            rs.getObject("owner_user_id", UUID.class)))
        .optional();
  }

  String merchantName(UUID merchantId) {
    return jdbc.sql("select business_name from merchants.merchants where id = :id")
        .param("id", merchantId).query(String.class).single();
  }

  /** False when the payment already has an open request. */
  boolean insert(UUID id, Payer p, UUID customerId, long amount, String reason, String message,
      Instant answerBy, Instant now) {
    return jdbc.sql("""
        insert into merchants.refund_requests (id, merchant_id, payment_id, payer_user_id,
            amount_minor, currency, reason, message, status, answer_by, created_at)
        values (:id, :merchant, :payment, :payer, :amount, :currency, :reason, :message,
            'requested', :answerBy, :now)
        on conflict do nothing
        """).param("id", id).param("merchant", p.merchantId()).param("payment", p.id())
        .param("payer", customerId).param("amount", amount).param("currency", p.currency())
        .param("reason", reason).param("message", message).param("answerBy", ts(answerBy))
        .param("now", ts(now)).update() == 1;
  }

  Optional<Row> byId(UUID id) {
    return jdbc.sql(SELECT + " where q.id = :id").param("id", id).query(RefundRequestStore::row)
        .optional();
  }

  Optional<Row> ofMerchant(UUID merchantId, UUID id) {
    return jdbc.sql(SELECT + " where q.id = :id and q.merchant_id = :merchant")
        .param("id", id).param("merchant", merchantId).query(RefundRequestStore::row).optional();
  }

  List<Row> ofMerchant(UUID merchantId, int limit) {
    return jdbc.sql(SELECT + " where q.merchant_id = :merchant"
        + " order by (q.status = 'requested') desc,"
        + " case when q.status = 'requested' then q.answer_by end asc, q.created_at desc"
        + " limit :limit").param("merchant", merchantId).param("limit", limit)
        .query(RefundRequestStore::row).list();
  }

  List<Row> ofCustomer(UUID customerId, UUID transactionId) {
    return jdbc.sql(SELECT + " where q.payer_user_id = :payer"
        + " and (cast(:tx as uuid) is null or p.transaction_id = :tx)"
        + " order by q.created_at desc limit 100")
        .param("payer", customerId).param("tx", transactionId).query(RefundRequestStore::row)
        .list();
  }

  List<UUID> due(Instant now) {
    return jdbc.sql("select id from merchants.refund_requests where status = 'requested'"
        + " and answer_by <= :now order by answer_by limit 500").param("now", ts(now))
        .query(UUID.class).list();
  }

  /** Compare-and-set from {@code requested}. */
  boolean answer(UUID id, String status, UUID by, String note, Instant now) {
    return jdbc.sql("""
        update merchants.refund_requests set status = :status, answered_at = :now,
               answered_by = :by, answer_note = :note
         where id = :id and status = 'requested'
        """).param("id", id).param("status", status).param("by", by).param("note", note)
        .param("now", ts(now)).update() == 1;
  }

  boolean expire(UUID id, Instant now) {
    return jdbc.sql("""
        update merchants.refund_requests set status = 'expired', escalation_offered_at = :now
         where id = :id and status = 'requested' and answer_by <= :now
        """).param("id", id).param("now", ts(now)).update() == 1;
  }

  void refund(UUID id, UUID refundId) {
    jdbc.sql("update merchants.refund_requests set refund_id = :refund where id = :id")
        .param("id", id).param("refund", refundId).update();
  }

  private static Row row(ResultSet rs, int n) throws SQLException {
    return new Row(new RefundRequest(rs.getObject("id", UUID.class),
        rs.getObject("merchant_id", UUID.class), rs.getString("business_name"),
        rs.getObject("payment_id", UUID.class), rs.getObject("transaction_id", UUID.class),
        rs.getString("status"), rs.getLong("amount_minor"), rs.getString("currency"),
        rs.getString("reason"), rs.getString("message"), instant(rs, "answer_by"),
        instant(rs, "answered_at"), rs.getString("answer_note"),
        rs.getObject("refund_id", UUID.class), rs.getTimestamp("escalation_offered_at") != null,
        instant(rs, "created_at")), rs.getObject("payer_user_id", UUID.class));
  }

  record Row(RefundRequest view, UUID customerId) {
  }

  record Payer(UUID id, UUID merchantId, UUID transactionId, long amountMinor,
      long refundedMinor, String currency, String status, Instant createdAt,
      int refundWindowDays, UUID ownerUserId) {
  }
}
