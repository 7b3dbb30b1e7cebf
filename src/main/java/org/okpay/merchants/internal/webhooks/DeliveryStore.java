package org.okpay.merchants.internal.webhooks;

import static org.okpay.merchants.internal.webhooks.EndpointStore.instant;
import static org.okpay.merchants.internal.webhooks.EndpointStore.utc;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.okpay.merchants.WebhooksApi.Attempt;
import org.okpay.merchants.WebhooksApi.Delivery;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The webhook outbox (merchants.webhook_deliveries) and its log (merchants.webhook_attempts).
 * {@link #enqueue} joins the caller's transaction. A claim moves a row's next attempt one lease
 * ahead and stamps it with a token, so no other claimant sees it while it is being sent; only the
 * holder of the token records the outcome.
 */
@Component
class DeliveryStore {

  static final int ERROR_CHARS_MAX = 500;

  private final JdbcClient jdbc;

  DeliveryStore(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /** A claimed delivery. {@code attempt} is the number of the attempt about to be made. */
  record Claimed(UUID id, UUID endpointId, UUID merchantId, UUID eventId, String eventType,
      String payload, int attempt, boolean manual, UUID claimToken, Instant createdAt) {
  }

  /** What one attempt came to. */
  record Outcome(Instant attemptedAt, Integer statusCode, long durationMs, String response,
      String error) {
  }

  /**
   * One pending row per enabled endpoint of the merchant subscribed to the type; an endpoint
   * that has the event already keeps its row (publishing twice is one delivery). The row id is
   * derived from the endpoint and the event. Returns the number of rows written.
   */
  int enqueue(UUID merchantId, UUID eventId, String type, String payload, Instant now) {
    return jdbc.sql("""
        insert into merchants.webhook_deliveries
          (id, endpoint_id, merchant_id, event_id, event_type, payload, status, next_attempt_at,
           created_at)
        select md5(e.id::text || ':' || cast(:eventId as text))::uuid, e.id, e.merchant_id,
               :eventId, :type, :payload, 'pending', :now, :now
          from merchants.webhook_endpoints e
         where e.merchant_id = :m and e.enabled and :type = any (e.event_types)
        on conflict (endpoint_id, event_id) do nothing
        """)
        .param("eventId", eventId).param("type", type).param("payload", payload)
        .param("now", utc(now)).param("m", merchantId).update();
  }

  /**
   * Deletes up to {@code limit} deliveries that finished (succeeded or failed) before
   * {@code before}, with their attempts (the foreign key cascades). Pending ones stay, however
   * old. Returns how many were deleted.
   */
  int purge(Instant before, int limit) {
    return jdbc.sql("""
        delete from merchants.webhook_deliveries where id in (
          select id from merchants.webhook_deliveries
           where status <> 'pending' and finished_at < :before
           limit :limit)
        """).param("before", utc(before)).param("limit", limit).update();
  }

  /**
   * Claims up to {@code limit} due deliveries of enabled endpoints until {@code leaseEnd},
   * oldest due first, skipping rows another dispatcher is claiming at this moment.
   */
  List<Claimed> claim(Instant now, int limit, Instant leaseEnd, UUID token) {
    return jdbc.sql("""
        with due as (
          select d.id from merchants.webhook_deliveries d
            join merchants.webhook_endpoints e on e.id = d.endpoint_id and e.enabled
           where d.status = 'pending' and d.next_attempt_at <= :now
           order by d.next_attempt_at, d.id
           limit :limit
           for update of d skip locked)
        update merchants.webhook_deliveries d
           set attempts = d.attempts + 1, next_attempt_at = :leaseEnd, claim_token = :token
          from due
         where d.id = due.id
        returning d.id, d.endpoint_id, d.merchant_id, d.event_id, d.event_type, d.payload,
                  d.attempts, d.manual, d.claim_token, d.created_at
        """)
        .param("now", utc(now)).param("limit", limit).param("leaseEnd", utc(leaseEnd))
        .param("token", token)
        .query((rs, n) -> new Claimed(rs.getObject("id", UUID.class),
            rs.getObject("endpoint_id", UUID.class), rs.getObject("merchant_id", UUID.class),
            rs.getObject("event_id", UUID.class), rs.getString("event_type"),
            rs.getString("payload"), rs.getInt("attempts"), rs.getBoolean("manual"),
            rs.getObject("claim_token", UUID.class), instant(rs, "created_at")))
        .list().stream().sorted(Comparator.comparing(Claimed::createdAt)).toList();
  }

  /**
   * Records an attempt and moves the delivery on: to {@code nextAttemptAt} when it is to be
   * tried again, else to succeeded or failed. False (and nothing written) when the claim was
   * lost: the lease ran out and another dispatcher owns the row now.
   */
  boolean record(Claimed row, Outcome outcome, boolean succeeded, Instant nextAttemptAt) {
    String status = succeeded ? "succeeded" : nextAttemptAt == null ? "failed" : "pending";
    int moved = jdbc.sql("""
        update merchants.webhook_deliveries
           set status = :status, next_attempt_at = :next, claim_token = null,
               last_status_code = :code, manual = false,
               finished_at = case when :status = 'pending' then null else :at end
         where id = :id and claim_token = :token and status = 'pending'
        """)
        .param("status", status).param("next", utc(nextAttemptAt))
        .param("code", outcome.statusCode()).param("at", utc(outcome.attemptedAt()))
        .param("id", row.id()).param("token", row.claimToken()).update();
    if (moved != 1) {
      return false;
    }
    jdbc.sql("""
        insert into merchants.webhook_attempts
          (delivery_id, attempt, attempted_at, status_code, duration_ms, response_excerpt, error,
           next_attempt_at)
        values (:id, :attempt, :at, :code, :duration, :response, :error, :next)
        on conflict (delivery_id, attempt) do nothing
        """)
        .param("id", row.id()).param("attempt", row.attempt())
        .param("at", utc(outcome.attemptedAt())).param("code", outcome.statusCode())
        .param("duration", (int) Math.min(Integer.MAX_VALUE, Math.max(0, outcome.durationMs())))
        .param("response", outcome.response()).param("error", truncate(outcome.error()))
        .param("next", utc(nextAttemptAt)).update();
    return true;
  }

  /** Hands a claimed row back untried: due at {@code now}, the attempt not counted. */
  boolean release(Claimed row, Instant now) {
    return jdbc.sql("""
        update merchants.webhook_deliveries
           set next_attempt_at = :now, attempts = attempts - 1, claim_token = null
         where id = :id and claim_token = :token and status = 'pending'
        """).param("now", utc(now)).param("id", row.id()).param("token", row.claimToken())
        .update() == 1;
  }

  /**
   * Makes a delivery due at {@code now}: a finished one gets one more (manual) attempt; a pending
   * one is moved forward unless it is being sent at this moment. Empty when the merchant has no
   * such delivery on that endpoint.
   */
  Optional<UUID> resend(UUID merchantId, UUID endpointId, UUID deliveryId, Instant now) {
    return jdbc.sql("""
        update merchants.webhook_deliveries
           set manual = case when status = 'pending' then manual else true end,
               next_attempt_at = case when status = 'pending' and claim_token is not null
                                      then next_attempt_at else :now end,
               status = 'pending', finished_at = null
         where merchant_id = :m and endpoint_id = :e and id = :id
        returning id
        """).param("now", utc(now)).param("m", merchantId).param("e", endpointId)
        .param("id", deliveryId).query(UUID.class).optional();
  }

  private static final String DELIVERY_COLUMNS = """
      id, endpoint_id, event_id, event_type, status, attempts, last_status_code, created_at,
      next_attempt_at, finished_at, payload
      """;

  /** The endpoint's deliveries, newest first, from before {@code before} when it is given. */
  List<Delivery> page(UUID merchantId, UUID endpointId, UUID before, int limit) {
    return jdbc.sql("select " + DELIVERY_COLUMNS + """
          from merchants.webhook_deliveries d
         where merchant_id = :m and endpoint_id = :e
           and (cast(:before as uuid) is null or (created_at, id) < (
                 select created_at, id from merchants.webhook_deliveries
                  where id = :before and merchant_id = :m and endpoint_id = :e))
         order by created_at desc, id desc
         limit :limit
        """).param("m", merchantId).param("e", endpointId).param("before", before)
        .param("limit", limit).query((rs, n) -> delivery(rs, List.of())).list();
  }

  Optional<Delivery> find(UUID merchantId, UUID endpointId, UUID deliveryId) {
    return jdbc.sql("select " + DELIVERY_COLUMNS + """
          from merchants.webhook_deliveries
         where merchant_id = :m and endpoint_id = :e and id = :id
        """).param("m", merchantId).param("e", endpointId).param("id", deliveryId)
        .query((rs, n) -> delivery(rs, null)).optional()
        .map(d -> withAttempts(d, attempts(d.id())));
  }

  /** The attempts of one delivery, newest first (at most the last 100). */
  List<Attempt> attempts(UUID deliveryId) {
    return jdbc.sql("""
        select attempt, attempted_at, status_code, duration_ms, response_excerpt, error,
               next_attempt_at
          from merchants.webhook_attempts where delivery_id = :id
         order by attempt desc limit 100
        """).param("id", deliveryId)
        .query((rs, n) -> new Attempt(rs.getInt("attempt"), instant(rs, "attempted_at"),
            (Integer) rs.getObject("status_code"), rs.getLong("duration_ms"),
            rs.getString("response_excerpt"), rs.getString("error"),
            instant(rs, "next_attempt_at")))
        .list();
  }

  private static Delivery withAttempts(Delivery d, List<Attempt> attempts) {
    return new Delivery(d.id(), d.endpointId(), d.eventId(), d.eventType(), d.status(),
        d.attempts(), d.lastStatusCode(), d.createdAt(), d.nextAttemptAt(), d.finishedAt(),
        d.payload(), attempts);
  }

  private static Delivery delivery(ResultSet rs, List<Attempt> attempts) throws SQLException {
    String status = rs.getString("status");
    return new Delivery(rs.getObject("id", UUID.class), rs.getObject("endpoint_id", UUID.class),
        rs.getObject("event_id", UUID.class), rs.getString("event_type"), status,
        rs.getInt("attempts"), (Integer) rs.getObject("last_status_code"),
        instant(rs, "created_at"),
        // While claimed the column holds the lease's end, which is no promise to show.
        "pending".equals(status) ? instant(rs, "next_attempt_at") : null,
        instant(rs, "finished_at"), rs.getString("payload"), attempts);
  }

  static String truncate(String text) {
    if (text == null) {
      return null;
    }
    return text.length() <= ERROR_CHARS_MAX ? text : text.substring(0, ERROR_CHARS_MAX);
  }
}
