package org.okpay.identity.internal;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * identity.phone_codes: the one pending confirmation code per user, Argon2id-hashed. A new code
 * replaces the old one; a code dies when used, at its expiry, or when its tries are used up.
 * Callers hold the user's row lock ({@link UserStore#lockById}), so tries are counted one at a
 * time.
 */
@Component
class PhoneCodeStore {

  /** A code that still works. */
  record Live(String phone, String codeHash, Instant expiresAt, int triesLeft) {
  }

  private final JdbcClient jdbc;

  PhoneCodeStore(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  void issue(UUID userId, String phone, String codeHash, Instant now, Instant expiresAt,
      int tries) {
    jdbc.sql("""
        insert into identity.phone_codes (user_id, phone, code_hash, created_at, expires_at,
               tries_left)
        values (:user, :phone, :hash, :now, :expires, :tries)
        on conflict (user_id) do update
           set phone = excluded.phone, code_hash = excluded.code_hash,
               created_at = excluded.created_at, expires_at = excluded.expires_at,
               tries_left = excluded.tries_left
        """).param("user", userId).param("phone", phone).param("hash", codeHash)
        .param("now", UserStore.utc(now)).param("expires", UserStore.utc(expiresAt))
        .param("tries", tries).update();
  }

  Optional<Live> live(UUID userId, Instant now) {
    return jdbc.sql("""
        select phone, code_hash, expires_at, tries_left from identity.phone_codes
         where user_id = :user and expires_at > :now and tries_left > 0
        """).param("user", userId).param("now", UserStore.utc(now))
        .query((rs, n) -> new Live(rs.getString("phone"), rs.getString("code_hash"),
            rs.getObject("expires_at", OffsetDateTime.class).toInstant(),
            rs.getInt("tries_left"))).optional();
  }

  /** Counts a wrong try; returns the tries left (0: the code is dead). */
  int wrongTry(UUID userId) {
    return jdbc.sql("""
        update identity.phone_codes set tries_left = tries_left - 1
         where user_id = :user and tries_left > 0
        returning tries_left
        """).param("user", userId).query(Integer.class).optional().orElse(0);
  }

  void delete(UUID userId) {
    jdbc.sql("delete from identity.phone_codes where user_id = :user").param("user", userId)
        .update();
  }
}
