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

  SessionStore(JdbcClient jdbc) {
    this.jdbc = jdbc;
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

  /** The unrevoked session with this secret's hash, whether or not it has timed out. */
  Optional<SessionRow> byTokenHash(byte[] tokenHash) {
    return jdbc.sql("select * from identity.sessions where token_hash = :h and revoked_at is null")
        .param("h", tokenHash).query(SessionStore::row).optional();
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
    return jdbc.sql("""
        update identity.sessions set revoked_at = :now
         where id = :id and user_id = :user and revoked_at is null
        """).param("now", UserStore.utc(now)).param("id", sessionId).param("user", userId)
        .update() == 1;
  }

  int revokeAllExcept(UUID userId, UUID keptSessionId, Instant now) {
    return jdbc.sql("""
        update identity.sessions set revoked_at = :now
         where user_id = :user and revoked_at is null and id is distinct from :kept
        """).param("now", UserStore.utc(now)).param("user", userId).param("kept", keptSessionId)
        .update();
  }

  private static SessionRow row(ResultSet rs, int n) throws SQLException {
    return new SessionRow(
        rs.getObject("id", UUID.class),
        rs.getObject("user_id", UUID.class),
        rs.getString("kind"),
        rs.getString("ip"),
        rs.getString("user_agent"),
        rs.getObject("created_at", OffsetDateTime.class).toInstant(),
        rs.getObject("last_seen_at", OffsetDateTime.class).toInstant(),
        rs.getInt("idle_timeout_seconds"),
        rs.getObject("expires_at", OffsetDateTime.class).toInstant());
  }
}
