package org.okpay.identity.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * identity.sessions: web sessions and API tokens. The client holds a 256-bit secret; only its
 * SHA-256 is stored. A session ends at its absolute expiry, after its idle timeout, or when
 * revoked.
 */
@Component
class SessionStore {

  /** Last-seen is written at most this often per session, not on every request. */
  static final Duration TOUCH_INTERVAL = Duration.ofSeconds(60);

  record SessionRow(UUID id, UUID userId, String kind, String ip, String userAgent,
      Instant createdAt, Instant lastSeenAt, int idleTimeoutSeconds, Instant expiresAt) {

    boolean liveAt(Instant now) {
      return now.isBefore(expiresAt)
          && now.isBefore(lastSeenAt.plusSeconds(idleTimeoutSeconds));
    }
  }

  private final JdbcClient jdbc;
  private final SessionCache cache;

  SessionStore(JdbcClient jdbc, SessionCache cache) {
    this.jdbc = jdbc;
    this.cache = cache;
  }

  void insert(UUID id, UUID userId, String kind, byte[] tokenHash, String ip, String userAgent,
      Instant now, Duration idle, Instant expiresAt) {
    jdbc.sql("""
        insert into identity.sessions (id, user_id, kind, token_hash, ip, user_agent, created_at,
               last_seen_at, idle_timeout_seconds, expires_at)
        values (:id, :user, :kind, :hash, :ip, :ua, :now, :now, :idle, :expires)
        """)
        .param("id", id).param("user", userId).param("kind", kind).param("hash", tokenHash)
        .param("ip", ip).param("ua", userAgent).param("now", UserStore.utc(now))
        .param("idle", (int) idle.toSeconds()).param("expires", UserStore.utc(expiresAt))
        .update();
  }

  /** A session and its user, read together. */
  record SignedIn(SessionRow session, UserRow user) {
  }

  /**
   * The unrevoked session with this secret's hash, whether or not it has timed out, with its
   * user: one round trip per authenticated request instead of two.
   */
  Optional<SignedIn> signedInByTokenHash(byte[] tokenHash) {
    return jdbc.sql("select " + UserStore.U_COLUMNS + """
        , s.id as s_id, s.user_id as s_user_id, s.kind as s_kind, s.ip as s_ip,
          s.user_agent as s_user_agent, s.created_at as s_created_at,
          s.last_seen_at as s_last_seen_at, s.idle_timeout_seconds as s_idle_timeout_seconds,
          s.expires_at as s_expires_at
          from identity.sessions s join identity.users u on u.id = s.user_id
         where s.token_hash = :h and s.revoked_at is null
        """).param("h", tokenHash)
        .query((rs, n) -> new SignedIn(row(rs, "s_"), UserStore.row(rs, n))).optional();
  }

  void touch(UUID id, Instant now) {
    jdbc.sql("update identity.sessions set last_seen_at = :now where id = :id")
        .param("now", UserStore.utc(now)).param("id", id).update();
  }

  List<SessionRow> liveOf(UUID userId, Instant now) {
    return jdbc.sql("""
        select * from identity.sessions
         where user_id = :user and revoked_at is null and expires_at > :now
           and last_seen_at + make_interval(secs => idle_timeout_seconds) > :now
         order by last_seen_at desc
         limit 100
        """).param("user", userId).param("now", UserStore.utc(now))
        .query(SessionStore::row).list();
  }

  /** Revokes one session of this user; false when it is not theirs or already ended. */
  boolean revoke(UUID userId, UUID sessionId, Instant now) {
    return changed(userId, jdbc.sql("""
        update identity.sessions set revoked_at = :now
         where id = :id and user_id = :user and revoked_at is null
        """).param("now", UserStore.utc(now)).param("id", sessionId).param("user", userId)
        .update()) == 1;
  }

  int revokeAllExcept(UUID userId, UUID keptSessionId, Instant now) {
    return changed(userId, jdbc.sql("""
        update identity.sessions set revoked_at = :now
         where user_id = :user and revoked_at is null and id is distinct from :kept
        """).param("now", UserStore.utc(now)).param("user", userId).param("kept", keptSessionId)
        .update());
  }

  /**
   * After a write that ends sessions of the user: this instance stops serving them from memory
   * once the write has committed (the trigger of V45 tells the others). Returns {@code updated}.
   */
  private int changed(UUID userId, int updated) {
    cache.changedAfterCommit(userId);
    return updated;
  }

  private static SessionRow row(ResultSet rs, int n) throws SQLException {
    return row(rs, "");
  }

  /** Maps the session's columns, each named with {@code prefix}. */
  private static SessionRow row(ResultSet rs, String prefix) throws SQLException {
    return new SessionRow(
        rs.getObject(prefix + "id", UUID.class),
        rs.getObject(prefix + "user_id", UUID.class),
        rs.getString(prefix + "kind"),
        rs.getString(prefix + "ip"),
        rs.getString(prefix + "user_agent"),
        rs.getObject(prefix + "created_at", OffsetDateTime.class).toInstant(),
        rs.getObject(prefix + "last_seen_at", OffsetDateTime.class).toInstant(),
        rs.getInt(prefix + "idle_timeout_seconds"),
        rs.getObject(prefix + "expires_at", OffsetDateTime.class).toInstant());
  }
}
