package org.okpay.identity.internal;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * identity.sign_in_challenges: a web sign-in whose password was right, waiting for the second
 * factor. The browser gets a random secret (never the password again); only its SHA-256 is
 * stored. A challenge lives {@code okpay.two-factor.challenge-validity} (5 minutes), opens at
 * most one session, and dies after {@code challenge-failures-max} wrong codes.
 */
@Component
class SignInChallenges {

  static final int TOKEN_BYTES = 32;

  private final JdbcClient jdbc;
  private final TwoFactorProperties rules;

  SignInChallenges(JdbcClient jdbc, TwoFactorProperties rules) {
    this.jdbc = jdbc;
    this.rules = rules;
  }

  record Opened(String token, Instant expiresAt) {
  }

  Opened open(UUID userId, Instant now) {
    // Dead challenges of this user go as new ones come, so the table stays small.
    jdbc.sql("delete from identity.sign_in_challenges where user_id = :user and expires_at <= :now")
        .param("user", userId).param("now", UserStore.utc(now)).update();
    String token = Secrets.newToken(TOKEN_BYTES);
    Instant expires = now.plus(rules.challengeValidity());
    jdbc.sql("""
        insert into identity.sign_in_challenges (token_hash, user_id, created_at, expires_at)
        values (:hash, :user, :now, :expires)
        """).param("hash", Secrets.sha256(token)).param("user", userId)
        .param("now", UserStore.utc(now)).param("expires", UserStore.utc(expires)).update();
    return new Opened(token, expires);
  }

  /**
   * The user of a live challenge: unused, unexpired, not too many wrong codes, and no new
   * password since it was opened.
   */
  Optional<UUID> owner(String token, Instant now) {
    if (token == null || token.isEmpty() || token.length() > 100) {
      return Optional.empty();
    }
    return jdbc.sql("""
        select c.user_id from identity.sign_in_challenges c
          join identity.users u on u.id = c.user_id
         where c.token_hash = :hash and c.used_at is null and c.expires_at > :now
           and c.failures < :failuresMax
           -- A password changed since: the password this challenge vouches for is gone.
           and u.password_changed_at <= c.created_at
        """).param("hash", Secrets.sha256(token)).param("now", UserStore.utc(now))
        .param("failuresMax", rules.challengeFailuresMax()).query(UUID.class).optional();
  }

  void use(String token, Instant now) {
    int n = jdbc.sql("""
        update identity.sign_in_challenges set used_at = :now
         where token_hash = :hash and used_at is null
        """).param("now", UserStore.utc(now)).param("hash", Secrets.sha256(token)).update();
    if (n != 1) {
      throw new IllegalStateException("sign-in challenge used twice");
    }
  }

  void fail(String token) {
    jdbc.sql("update identity.sign_in_challenges set failures = failures + 1 where token_hash = :h")
        .param("h", Secrets.sha256(token)).update();
  }
}
