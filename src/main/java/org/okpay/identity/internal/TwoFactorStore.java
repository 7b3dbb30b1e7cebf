package org.okpay.identity.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * identity.two_factor and identity.recovery_codes. Callers that change a user's two-factor
 * state lock the user's row first (UserStore.lockById), so these writes for one user happen one
 * at a time, in the same order as sign-in's.
 */
@Component
class TwoFactorStore {

  /** @param secret as stored: sealed by {@link SecretBox} */
  record TwoFactorRow(UUID userId, byte[] secret, Instant startedAt, Instant enabledAt,
      long lastStep) {

    boolean enabled() {
      return enabledAt != null;
    }
  }

  private final JdbcClient jdbc;
  private final PayerFactsCache payerFacts;

  TwoFactorStore(JdbcClient jdbc, PayerFactsCache payerFacts) {
    this.jdbc = jdbc;
    this.payerFacts = payerFacts;
  }

  Optional<TwoFactorRow> byUser(UUID userId) {
    return jdbc.sql("""
        select user_id, secret, started_at, enabled_at, last_step
          from identity.two_factor where user_id = :user
        """).param("user", userId).query(TwoFactorStore::row).optional();
  }

  boolean enabled(UUID userId) {
    return jdbc.sql("""
        select exists (select 1 from identity.two_factor
                        where user_id = :user and enabled_at is not null)
        """).param("user", userId).query(Boolean.class).single();
  }

  /**
   * Stores a new pending secret, replacing a pending one; false (and nothing written) when
   * two-factor is already on.
   */
  boolean startPending(UUID userId, byte[] sealedSecret, Instant now) {
    return jdbc.sql("""
        insert into identity.two_factor (user_id, secret, started_at)
        values (:user, :secret, :now)
        on conflict (user_id) do update
           set secret = excluded.secret, started_at = excluded.started_at, last_step = -1
         where identity.two_factor.enabled_at is null
        """).param("user", userId).param("secret", sealedSecret).param("now", UserStore.utc(now))
        .update() == 1;
  }

  /** Switches a pending setup on, with the step of the code that confirmed it. */
  void enable(UUID userId, long step, Instant now) {
    int n = jdbc.sql("""
        update identity.two_factor set enabled_at = :now, last_step = :step
         where user_id = :user and enabled_at is null
        """).param("now", UserStore.utc(now)).param("step", step).param("user", userId).update();
    requireOne(n);
    // A payment's guards hold whether it is on (V55's trigger tells the other instances).
    payerFacts.changedAfterCommit(userId);
  }

  /** Records an accepted TOTP step; false when it is not later than the last one accepted. */
  boolean advanceStep(UUID userId, long step) {
    return jdbc.sql("""
        update identity.two_factor set last_step = :step
         where user_id = :user and enabled_at is not null and last_step < :step
        """).param("step", step).param("user", userId).update() == 1;
  }

  /** Switches two-factor off: the secret and every recovery code are gone. */
  void delete(UUID userId) {
    jdbc.sql("delete from identity.recovery_codes where user_id = :user")
        .param("user", userId).update();
    requireOne(jdbc.sql("delete from identity.two_factor where user_id = :user")
        .param("user", userId).update());
    payerFacts.changedAfterCommit(userId);
  }

  void replaceRecoveryCodes(UUID userId, List<byte[]> hashes, Instant now) {
    if (hashes.isEmpty() || hashes.size() > RecoveryCodes.COUNT) {
      throw new IllegalArgumentException("recovery codes: " + hashes.size());
    }
    jdbc.sql("delete from identity.recovery_codes where user_id = :user")
        .param("user", userId).update();
    // Ten rows in one statement rather than ten round trips.
    StringBuilder sql = new StringBuilder(
        "insert into identity.recovery_codes (user_id, code_hash, created_at) values ");
    for (int i = 0; i < hashes.size(); i++) {
      sql.append(i == 0 ? "" : ", ").append("(:user, :h").append(i).append(", :now)");
    }
    var statement = jdbc.sql(sql.toString()).param("user", userId)
        .param("now", UserStore.utc(now));
    for (int i = 0; i < hashes.size(); i++) {
      statement = statement.param("h" + i, hashes.get(i));
    }
    int n = statement.update();
    if (n != hashes.size()) {
      throw new IllegalStateException("stored " + n + " of " + hashes.size() + " recovery codes");
    }
  }

  /**
   * Uses a recovery code; false when it is not one of the user's or was used. Of two concurrent
   * uses of one code, the conditional update lets exactly one through.
   */
  boolean useRecoveryCode(UUID userId, byte[] hash, Instant now) {
    return jdbc.sql("""
        update identity.recovery_codes set used_at = :now
         where user_id = :user and code_hash = :hash and used_at is null
        """).param("now", UserStore.utc(now)).param("user", userId).param("hash", hash)
        .update() == 1;
  }

  int recoveryCodesLeft(UUID userId) {
    return jdbc.sql("""
        select count(*) from identity.recovery_codes where user_id = :user and used_at is null
        """).param("user", userId).query(Integer.class).single();
  }

  private static void requireOne(int updated) {
    if (updated != 1) {
      throw new IllegalStateException("expected to change one two-factor row, changed " + updated);
    }
  }

  private static TwoFactorRow row(ResultSet rs, int n) throws SQLException {
    OffsetDateTime enabled = rs.getObject("enabled_at", OffsetDateTime.class);
    return new TwoFactorRow(
        rs.getObject("user_id", UUID.class),
        rs.getBytes("secret"),
        rs.getObject("started_at", OffsetDateTime.class).toInstant(),
        enabled == null ? null : enabled.toInstant(),
        rs.getLong("last_step"));
  }
}
