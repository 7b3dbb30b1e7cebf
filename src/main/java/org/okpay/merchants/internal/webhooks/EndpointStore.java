package org.okpay.merchants.internal.webhooks;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** merchants.webhook_endpoints. Every read and write names the merchant it belongs to. */
@Component
class EndpointStore {

  private static final String COLUMNS = """
      id, merchant_id, url, description, event_types, secret, previous_secret,
      previous_secret_expires_at, enabled, disabled_reason, disabled_at, failing_since, created_at
      """;

  private final JdbcClient jdbc;

  EndpointStore(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  record EndpointRow(UUID id, UUID merchantId, String url, String description,
      List<String> eventTypes, String secret, String previousSecret,
      Instant previousSecretExpiresAt, boolean enabled, String disabledReason, Instant disabledAt,
      Instant failingSince, Instant createdAt) {

    /** The secrets that sign at {@code now}: the current one, and the previous during overlap. */
    List<String> signingSecrets(Instant now) {
      if (previousSecret != null && previousSecretExpiresAt.isAfter(now)) {
        return List.of(secret, previousSecret);
      }
      return List.of(secret);
    }
  }

  /**
   * Serializes endpoint creation per merchant for the rest of the transaction, so that two
   * concurrent creations cannot both pass the endpoints-per-merchant check.
   */
  void lockMerchant(UUID merchantId) {
    jdbc.sql("select pg_advisory_xact_lock(hashtextextended('webhooks:' || :m, 0))")
        .param("m", merchantId.toString()).query().singleRow();
  }

  int count(UUID merchantId) {
    return jdbc.sql("select count(*) from merchants.webhook_endpoints where merchant_id = :m")
        .param("m", merchantId).query(Integer.class).single();
  }

  void insert(EndpointRow row) {
    int inserted = jdbc.sql("""
        insert into merchants.webhook_endpoints
          (id, merchant_id, url, description, event_types, secret, enabled, created_at, updated_at)
        values (:id, :m, :url, :description, :types, :secret, true, :now, :now)
        """)
        .param("id", row.id()).param("m", row.merchantId()).param("url", row.url())
        .param("description", row.description())
        .param("types", row.eventTypes().toArray(String[]::new))
        .param("secret", row.secret()).param("now", utc(row.createdAt()))
        .update();
    check(inserted);
  }

  List<EndpointRow> byMerchant(UUID merchantId) {
    return jdbc.sql("select " + COLUMNS + """
         from merchants.webhook_endpoints where merchant_id = :m order by created_at, id
        """).param("m", merchantId).query(EndpointStore::row).list();
  }

  Optional<EndpointRow> find(UUID merchantId, UUID id) {
    return jdbc.sql("select " + COLUMNS + """
         from merchants.webhook_endpoints where merchant_id = :m and id = :id
        """).param("m", merchantId).param("id", id).query(EndpointStore::row).optional();
  }

  /** The row locked for an update by its merchant. */
  Optional<EndpointRow> lock(UUID merchantId, UUID id) {
    return jdbc.sql("select " + COLUMNS + """
         from merchants.webhook_endpoints where merchant_id = :m and id = :id for update
        """).param("m", merchantId).param("id", id).query(EndpointStore::row).optional();
  }

  /** Endpoints by id, whoever their merchant: for the dispatcher only. */
  List<EndpointRow> byIds(List<UUID> ids) {
    if (ids.isEmpty()) {
      return List.of();
    }
    return jdbc.sql("select " + COLUMNS + " from merchants.webhook_endpoints where id in (:ids)")
        .param("ids", ids).query(EndpointStore::row).list();
  }

  void update(UUID merchantId, UUID id, String url, String description, List<String> types,
      boolean enabled, String disabledReason, Instant now) {
    int updated = jdbc.sql("""
        update merchants.webhook_endpoints
           set url = :url, description = :description, event_types = :types,
               enabled = :enabled, disabled_reason = :reason,
               disabled_at = case when :enabled then null
                                  when enabled then :now else disabled_at end,
               failing_since = case when :enabled and not enabled then null else failing_since end,
               updated_at = :now
         where merchant_id = :m and id = :id
        """)
        .param("url", url).param("description", description)
        .param("types", types.toArray(String[]::new)).param("enabled", enabled)
        .param("reason", disabledReason).param("now", utc(now))
        .param("m", merchantId).param("id", id).update();
    check(updated);
  }

  void rotate(UUID merchantId, UUID id, String newSecret, Instant previousUntil, Instant now) {
    int updated = jdbc.sql("""
        update merchants.webhook_endpoints
           set previous_secret = secret, previous_secret_expires_at = :until, secret = :secret,
               updated_at = :now
         where merchant_id = :m and id = :id
        """)
        .param("secret", newSecret).param("until", utc(previousUntil))
        .param("now", utc(now)).param("m", merchantId).param("id", id).update();
    check(updated);
  }

  boolean delete(UUID merchantId, UUID id) {
    return jdbc.sql("delete from merchants.webhook_endpoints where merchant_id = :m and id = :id")
        .param("m", merchantId).param("id", id).update() == 1;
  }

  /** A success: the endpoint is not failing any more. */
  void markHealthy(UUID id) {
    jdbc.sql("""
        update merchants.webhook_endpoints set failing_since = null
         where id = :id and failing_since is not null
        """).param("id", id).update();
  }

  /**
   * A failure at {@code now}: starts the run of failures if none is running. Returns the start of
   * the run, or empty when the endpoint is gone.
   */
  Optional<Instant> markFailing(UUID id, Instant now) {
    return jdbc.sql("""
        update merchants.webhook_endpoints set failing_since = coalesce(failing_since, :now)
         where id = :id returning failing_since
        """).param("id", id).param("now", utc(now))
        .query((rs, n) -> instant(rs, "failing_since")).optional();
  }

  /** Disables an enabled endpoint by the system; true for the call that disabled it. */
  boolean disable(UUID id, String reason, Instant now) {
    return jdbc.sql("""
        update merchants.webhook_endpoints
           set enabled = false, disabled_reason = :reason, disabled_at = :now, updated_at = :now
         where id = :id and enabled
        """).param("reason", reason).param("now", utc(now)).param("id", id)
        .update() == 1;
  }

  private static void check(int rows) {
    if (rows != 1) {
      throw new IllegalStateException("expected one endpoint row, changed " + rows);
    }
  }

  static EndpointRow row(ResultSet rs, int n) throws SQLException {
    Array types = rs.getArray("event_types");
    return new EndpointRow(rs.getObject("id", UUID.class),
        rs.getObject("merchant_id", UUID.class), rs.getString("url"),
        rs.getString("description"), List.copyOf(Arrays.asList((String[]) types.getArray())),
        rs.getString("secret"), rs.getString("previous_secret"),
        instant(rs, "previous_secret_expires_at"), rs.getBoolean("enabled"),
        rs.getString("disabled_reason"), instant(rs, "disabled_at"),
        instant(rs, "failing_since"), instant(rs, "created_at"));
  }

  static Instant instant(ResultSet rs, String column) throws SQLException {
    OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
    return value == null ? null : value.toInstant();
  }

  static OffsetDateTime utc(Instant instant) {
    return instant == null ? null : OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
  }
}
