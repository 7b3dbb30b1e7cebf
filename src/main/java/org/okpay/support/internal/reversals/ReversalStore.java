package org.okpay.support.internal.reversals;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Currency;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.okpay.shared.Money;
import org.okpay.support.ReversalsApi.Reversal;
import org.okpay.support.ReversalsApi.ReversalStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * support.reversal_requests. Every status change is a compare-and-set from the status the caller
 * saw; the database's trigger refuses any other move and its CHECK refuses a self-approval.
 */
@Component
class ReversalStore {

  private static final String COLUMNS = """
      id, transaction_id, reversal_transaction_id, payer_user_id, payer_email, recipient_user_id,
      recipient_email, amount_minor, currency, requested_by, requested_by_email, reason,
      second_approval_required, status, approved_by, approved_by_email, rejected_by,
      rejected_by_email, decision_reason, decided_at, failure_code, executed_at, idempotency_key,
      request_hash, created_at""";

  private final JdbcClient jdbc;

  ReversalStore(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /** A row with what the store keeps besides the view. */
  record Row(Reversal view, String idempotencyKey, String requestHash) {
    UUID id() {
      return view.id();
    }

    ReversalStatus status() {
      return view.status();
    }
  }

  record NewRow(UUID id, UUID transactionId, UUID payerUserId, String payerEmail,
      UUID recipientUserId, String recipientEmail, long amountMinor, Currency currency,
      UUID requestedBy, String requestedByEmail, String reason, boolean secondApprovalRequired,
      ReversalStatus status, String idempotencyKey, String requestHash, Instant now) {
  }

  /**
   * False when the staff member used the key before (the caller replays that request). A second
   * live request for the same transaction is refused by the unique index (DuplicateKeyException).
   */
  boolean insert(NewRow r) {
    return jdbc.sql("""
        insert into support.reversal_requests (id, transaction_id, payer_user_id, payer_email,
          recipient_user_id, recipient_email, amount_minor, currency, requested_by,
          requested_by_email, reason, second_approval_required, status, idempotency_key,
          request_hash, created_at, updated_at)
        values (:id, :tx, :payer, :payerEmail, :recipient, :recipientEmail, :amount, :currency,
          :by, :byEmail, :reason, :second, :status, :key, :hash, :now, :now)
        on conflict (requested_by, idempotency_key) do nothing
        """).param("id", r.id()).param("tx", r.transactionId()).param("payer", r.payerUserId())
        .param("payerEmail", r.payerEmail()).param("recipient", r.recipientUserId())
        .param("recipientEmail", r.recipientEmail()).param("amount", r.amountMinor())
        .param("currency", r.currency().getCurrencyCode()).param("by", r.requestedBy())
        .param("byEmail", r.requestedByEmail()).param("reason", r.reason())
        .param("second", r.secondApprovalRequired()).param("status", r.status().key())
        .param("key", r.idempotencyKey()).param("hash", r.requestHash())
        .param("now", ts(r.now())).update() == 1;
  }

  Optional<Row> byId(UUID id) {
    return jdbc.sql("select " + COLUMNS + " from support.reversal_requests where id = :id")
        .param("id", id).query(ReversalStore::row).optional();
  }

  Optional<Row> byKey(UUID requestedBy, String key) {
    return jdbc.sql("select " + COLUMNS + " from support.reversal_requests"
            + " where requested_by = :by and idempotency_key = :key")
        .param("by", requestedBy).param("key", key).query(ReversalStore::row).optional();
  }

  /** The live (not rejected, not failed) request for the transaction, if any. */
  Optional<Row> liveFor(UUID transactionId) {
    return jdbc.sql("select " + COLUMNS + " from support.reversal_requests"
            + " where transaction_id = :tx and status not in ('rejected', 'failed')")
        .param("tx", transactionId).query(ReversalStore::row).optional();
  }

  List<Row> list(ReversalStatus status, int limit) {
    return jdbc.sql("select " + COLUMNS + """
         from support.reversal_requests
        where (cast(:status as text) is null or status = :status)
        order by created_at desc, id desc limit :limit
        """).param("status", status == null ? null : status.key()).param("limit", limit)
        .query(ReversalStore::row).list();
  }

  /** Approved requests decided before {@code before}: left by a stop before the money moved. */
  List<UUID> approvedBefore(Instant before, int limit) {
    return jdbc.sql("""
        select id from support.reversal_requests
         where status = 'approved' and updated_at < :before order by updated_at limit :limit
        """).param("before", ts(before)).param("limit", limit).query(UUID.class).list();
  }

  boolean approve(UUID id, UUID by, String byEmail, String reason, Instant now) {
    return jdbc.sql("""
        update support.reversal_requests
           set status = 'approved', approved_by = :by, approved_by_email = :email,
               decision_reason = :reason, decided_at = :now, updated_at = :now
         where id = :id and status = 'pending_approval'
        """).param("id", id).param("by", by).param("email", byEmail).param("reason", reason)
        .param("now", ts(now)).update() == 1;
  }

  boolean reject(UUID id, UUID by, String byEmail, String reason, Instant now) {
    return jdbc.sql("""
        update support.reversal_requests
           set status = 'rejected', rejected_by = :by, rejected_by_email = :email,
               decision_reason = :reason, decided_at = :now, updated_at = :now
         where id = :id and status = 'pending_approval'
        """).param("id", id).param("by", by).param("email", byEmail).param("reason", reason)
        .param("now", ts(now)).update() == 1;
  }

  /** Approved → executed with the payments transaction that moved the money. */
  boolean executed(UUID id, UUID reversalTransactionId, Instant now) {
    return jdbc.sql("""
        update support.reversal_requests
           set status = 'executed', reversal_transaction_id = :tx, executed_at = :now,
               updated_at = :now
         where id = :id and status = 'approved'
        """).param("id", id).param("tx", reversalTransactionId).param("now", ts(now))
        .update() == 1;
  }

  /** Approved → failed; nothing moved. */
  boolean failed(UUID id, UUID reversalTransactionId, String code, Instant now) {
    return jdbc.sql("""
        update support.reversal_requests
           set status = 'failed', failure_code = :code,
               reversal_transaction_id = coalesce(:tx, reversal_transaction_id), updated_at = :now
         where id = :id and status = 'approved'
        """).param("id", id).param("tx", reversalTransactionId).param("code", code)
        .param("now", ts(now)).update() == 1;
  }

  private static Row row(ResultSet rs, int n) throws SQLException {
    Currency currency = Currency.getInstance(rs.getString("currency"));
    Reversal view = new Reversal(rs.getObject("id", UUID.class),
        rs.getObject("transaction_id", UUID.class),
        rs.getObject("reversal_transaction_id", UUID.class),
        new Money(rs.getLong("amount_minor"), currency),
        rs.getObject("payer_user_id", UUID.class), rs.getString("payer_email"),
        rs.getObject("recipient_user_id", UUID.class), rs.getString("recipient_email"),
        rs.getObject("requested_by", UUID.class), rs.getString("requested_by_email"),
        rs.getString("reason"), rs.getBoolean("second_approval_required"),
        ReversalStatus.find(rs.getString("status")).orElseThrow(),
        rs.getObject("approved_by", UUID.class), rs.getString("approved_by_email"),
        rs.getObject("rejected_by", UUID.class), rs.getString("rejected_by_email"),
        rs.getString("decision_reason"), instant(rs, "decided_at"),
        rs.getString("failure_code"), instant(rs, "executed_at"), instant(rs, "created_at"));
    return new Row(view, rs.getString("idempotency_key"), rs.getString("request_hash"));
  }

  private static Instant instant(ResultSet rs, String column) throws SQLException {
    OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
    return t == null ? null : t.toInstant();
  }

  static OffsetDateTime ts(Instant instant) {
    return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
  }
}
