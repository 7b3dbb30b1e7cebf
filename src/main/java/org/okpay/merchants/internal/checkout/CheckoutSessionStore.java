package org.okpay.merchants.internal.checkout;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Currency;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * merchants.checkout_sessions. Every state move is a compare-and-set on the row ({@code update
 * ... where status = 'open' ...}); the payer's claim likewise, so of two payers racing exactly
 * one holds the session.
 */
@Component
class CheckoutSessionStore {

  private static final String COLUMNS = """
      id, merchant_id, source, idempotency_key, request_hash, amount_minor, currency, fee_minor,
      description, order_reference, success_url, cancel_url, status, expires_at, created_at,
      completed_at, payer_user_id, claim_seq, claim_until
      """;

  private final JdbcClient jdbc;

  CheckoutSessionStore(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  record Row(UUID id, UUID merchantId, String source, String idempotencyKey, String requestHash,
      long amountMinor, Currency currency, long feeMinor, String description,
      String orderReference, String successUrl, String cancelUrl, String status,
      Instant expiresAt, Instant createdAt, Instant completedAt, UUID payerUserId, int claimSeq,
      Instant claimUntil) {

    boolean claimedBy(UUID userId, Instant now) {
      return payerUserId != null && claimUntil != null && claimUntil.isAfter(now)
          && !payerUserId.equals(userId);
    }
  }

  /** False when the merchant already has a session with this idempotency key. */
  boolean insert(Row r) {
    return jdbc.sql("""
        insert into merchants.checkout_sessions (id, merchant_id, source, idempotency_key,
            request_hash, amount_minor, currency, fee_minor, description, order_reference,
            success_url, cancel_url, status, expires_at, created_at)
        values (:id, :merchant, :source, :key, :hash, :amount, :currency, :fee, :description,
            :reference, :success, :cancel, 'open', :expires, :created)
        on conflict (merchant_id, idempotency_key) do nothing
        """).param("id", r.id()).param("merchant", r.merchantId()).param("source", r.source())
        .param("key", r.idempotencyKey()).param("hash", r.requestHash())
        .param("amount", r.amountMinor()).param("currency", r.currency().getCurrencyCode())
        .param("fee", r.feeMinor()).param("description", r.description())
        .param("reference", r.orderReference()).param("success", r.successUrl())
        .param("cancel", r.cancelUrl()).param("expires", ts(r.expiresAt()))
        .param("created", ts(r.createdAt())).update() == 1;
  }

  Optional<Row> byKey(UUID merchantId, String key) {
    return jdbc.sql("select " + COLUMNS + " from merchants.checkout_sessions"
        + " where merchant_id = :merchant and idempotency_key = :key")
        .param("merchant", merchantId).param("key", key).query(CheckoutSessionStore::row).optional();
  }

  Optional<Row> find(UUID id) {
    return jdbc.sql("select " + COLUMNS + " from merchants.checkout_sessions where id = :id")
        .param("id", id).query(CheckoutSessionStore::row).optional();
  }

  Optional<Row> find(UUID merchantId, UUID id) {
    return jdbc.sql("select " + COLUMNS + " from merchants.checkout_sessions"
        + " where id = :id and merchant_id = :merchant")
        .param("id", id).param("merchant", merchantId).query(CheckoutSessionStore::row).optional();
  }

  /** Newest first, after the cursor's (created_at, id); one more than asked for. */
  List<Row> page(UUID merchantId, Instant afterAt, UUID afterId, int size) {
    return jdbc.sql("select " + COLUMNS + " from merchants.checkout_sessions"
        + " where merchant_id = :merchant"
        + " and (cast(:at as timestamptz) is null or (created_at, id) < (:at, :afterId))"
        + " order by created_at desc, id desc limit :size")
        .param("merchant", merchantId).param("at", ts(afterAt)).param("afterId", afterId)
        .param("size", size + 1).query(CheckoutSessionStore::row).list();
  }

  /**
   * The payer takes the session if it is open, not past its time, and nobody else holds it. The
   * same payer again keeps its claim (and its attempt number: two tabs are one payment); a new
   * claim starts a new attempt. Empty when the session cannot be taken.
   */
  Optional<Integer> claim(UUID id, UUID payer, Instant now, Instant until) {
    return jdbc.sql("""
        update merchants.checkout_sessions
           set claim_seq = case when payer_user_id = :payer and claim_until > :now
                                then claim_seq else claim_seq + 1 end,
               claim_until = greatest(case when payer_user_id = :payer then claim_until end,
                                      :until),
               payer_user_id = :payer
         where id = :id and status = 'open' and expires_at > :now
           and (payer_user_id is null or payer_user_id = :payer or claim_until <= :now)
        returning claim_seq
        """).param("id", id).param("payer", payer).param("now", ts(now))
        .param("until", ts(until)).query(Integer.class).optional();
  }

  /** Gives the session back after the payer's attempt {@code seq} failed. */
  void release(UUID id, UUID payer, int seq) {
    jdbc.sql("""
        update merchants.checkout_sessions set payer_user_id = null, claim_until = null
         where id = :id and status = 'open' and payer_user_id = :payer and claim_seq = :seq
        """).param("id", id).param("payer", payer).param("seq", seq).update();
  }

  /** Keeps the payer's claim until {@code until} (a payment held for a review). */
  void hold(UUID id, UUID payer, int seq, Instant until) {
    jdbc.sql("""
        update merchants.checkout_sessions set claim_until = :until
         where id = :id and status = 'open' and payer_user_id = :payer and claim_seq = :seq
        """).param("id", id).param("payer", payer).param("seq", seq).param("until", ts(until))
        .update();
  }

  /** open → complete for the payer who holds it; false when it was not. */
  boolean complete(UUID id, UUID payer, Instant now) {
    return jdbc.sql("""
        update merchants.checkout_sessions set status = 'complete', completed_at = :now,
               payer_user_id = :payer, claim_until = null
         where id = :id and status = 'open'
        """).param("id", id).param("payer", payer).param("now", ts(now)).update() == 1;
  }

  /** open → expired for one session nobody is paying; its id and merchant when it moved. */
  Optional<Row> expire(UUID id, Instant now) {
    return jdbc.sql("update merchants.checkout_sessions set status = 'expired', expired_at = :now"
        + " where id = :id and status = 'open'"
        + " and (payer_user_id is null or claim_until <= :now) returning " + COLUMNS)
        .param("id", id).param("now", ts(now)).query(CheckoutSessionStore::row).optional();
  }

  /**
   * open → canceled ({@code by} payer or merchant) for a session nobody is paying at this moment
   * and not past its time; the row when it moved.
   */
  Optional<Row> cancel(UUID id, String by, Instant now) {
    return jdbc.sql("update merchants.checkout_sessions set status = 'canceled',"
        + " canceled_at = :now, canceled_by = :by"
        + " where id = :id and status = 'open' and expires_at > :now"
        + " and (payer_user_id is null or claim_until <= :now) returning " + COLUMNS)
        .param("id", id).param("by", by).param("now", ts(now))
        .query(CheckoutSessionStore::row).optional();
  }

  /** open → expired for every session past its time that nobody is paying. */
  List<Row> expireDue(Instant now) {
    return jdbc.sql("update merchants.checkout_sessions set status = 'expired', expired_at = :now"
        + " where status = 'open' and expires_at <= :now"
        + " and (payer_user_id is null or claim_until <= :now) returning " + COLUMNS)
        .param("now", ts(now)).query(CheckoutSessionStore::row).list();
  }

  private static Row row(ResultSet rs, int n) throws SQLException {
    return new Row(rs.getObject("id", UUID.class), rs.getObject("merchant_id", UUID.class),
        rs.getString("source"), rs.getString("idempotency_key"), rs.getString("request_hash"),
        rs.getLong("amount_minor"), Currency.getInstance(rs.getString("currency")),
        rs.getLong("fee_minor"), rs.getString("description"), rs.getString("order_reference"),
        rs.getString("success_url"), rs.getString("cancel_url"), rs.getString("status"),
        instant(rs, "expires_at"), instant(rs, "created_at"), instant(rs, "completed_at"),
        rs.getObject("payer_user_id", UUID.class), rs.getInt("claim_seq"),
        instant(rs, "claim_until"));
  }

  static Instant instant(ResultSet rs, String column) throws SQLException {
    Timestamp t = rs.getTimestamp(column);
    return t == null ? null : t.toInstant();
  }

  static Timestamp ts(Instant i) {
    return i == null ? null : Timestamp.from(i);
  }
}
