package org.okpay.identity.internal;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * identity.email_tokens: the secrets in verification and reset links, stored hashed. A token is
 * used at most once, dies at its expiry, and a newer token of the same purpose kills older ones.
 */
@Component
class EmailTokenStore {

  enum Purpose {
    VERIFY_EMAIL("verify_email"), RESET_PASSWORD("reset_password"), CHANGE_EMAIL("change_email");

    final String db;

    Purpose(String db) {
      this.db = db;
    }
  }

  private final JdbcClient jdbc;

  EmailTokenStore(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /** Issues a new token for the user and purpose; older unused ones stop working. */
  void issue(byte[] tokenHash, UUID userId, Purpose purpose, Instant now, Instant expiresAt) {
    issue(tokenHash, userId, purpose, now, expiresAt, null);
  }

  void issue(byte[] tokenHash, UUID userId, Purpose purpose, Instant now, Instant expiresAt,
      String newEmail) {
    jdbc.sql("""
        update identity.email_tokens set used_at = :now
         where user_id = :user and purpose = :purpose and used_at is null
        """).param("now", UserStore.utc(now)).param("user", userId).param("purpose", purpose.db)
        .update();
    jdbc.sql("""
        insert into identity.email_tokens (token_hash, user_id, purpose, created_at, expires_at,
               new_email)
        values (:hash, :user, :purpose, :now, :expires, :newEmail)
        """).param("hash", tokenHash).param("user", userId).param("purpose", purpose.db)
        .param("now", UserStore.utc(now)).param("expires", UserStore.utc(expiresAt))
        .param("newEmail", newEmail).update();
  }

  /** Kills every unused token of the user and purpose (a hacked account's pending e-mail change). */
  int killAll(UUID userId, Purpose purpose, Instant now) {
    return jdbc.sql("""
        update identity.email_tokens set used_at = :now
         where user_id = :user and purpose = :purpose and used_at is null
        """).param("now", UserStore.utc(now)).param("user", userId).param("purpose", purpose.db)
        .update();
  }

  /**
   * Uses the token if it is live: marks it used and returns its user. Concurrent uses of one
   * token: the conditional update lets exactly one of them through.
   */
  Optional<UUID> use(byte[] tokenHash, Purpose purpose, Instant now) {
    return jdbc.sql("""
        update identity.email_tokens set used_at = :now
         where token_hash = :hash and purpose = :purpose and used_at is null and expires_at > :now
        returning user_id
        """).param("now", UserStore.utc(now)).param("hash", tokenHash)
        .param("purpose", purpose.db).query(UUID.class).optional();
  }

  /** A used e-mail-change token: whose, and the address it confirms. */
  record EmailChange(UUID userId, String newEmail) {
  }

  Optional<EmailChange> useEmailChange(byte[] tokenHash, Instant now) {
    return jdbc.sql("""
        update identity.email_tokens set used_at = :now
         where token_hash = :hash and purpose = 'change_email' and used_at is null
           and expires_at > :now
        returning user_id, new_email
        """).param("now", UserStore.utc(now)).param("hash", tokenHash)
        .query((rs, n) -> new EmailChange(rs.getObject("user_id", UUID.class),
            rs.getString("new_email"))).optional();
  }

  /** The user of a live token, without using it (to show the reset form). */
  Optional<UUID> peek(byte[] tokenHash, Purpose purpose, Instant now) {
    return jdbc.sql("""
        select user_id from identity.email_tokens
         where token_hash = :hash and purpose = :purpose and used_at is null and expires_at > :now
        """).param("hash", tokenHash).param("purpose", purpose.db)
        .param("now", UserStore.utc(now)).query(UUID.class).optional();
  }

  static OffsetDateTime at(Instant instant) {
    return UserStore.utc(instant);
  }
}
