package org.okpay.identity.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import org.springframework.jdbc.core.simple.JdbcClient;
import net.javacrumbs.shedlock.spring.annotation.SchedulerLock;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * identity.unknown_address_lockouts: the lockout state of addresses that have no account, kept
 * by the same rules as a user's so that five wrong passwords lock an unknown address exactly as
 * they lock a registered one. Otherwise the lock would tell an attacker who is a customer.
 */
@Component
class UnknownAddressLockouts {

  /**
   * Rows untouched this long are forgotten. A user's failure count and lock doubling last until
   * a success, so forgetting sooner would let failures spaced further apart than this tell an
   * unknown address from a registered one; a month bounds the table at little cost.
   */
  static final Duration KEEP = Duration.ofDays(30);
  static final int PURGE_BATCH_MAX = 10_000;

  private final JdbcClient jdbc;
  private final Clock clock;

  UnknownAddressLockouts(JdbcClient jdbc, Clock clock) {
    this.jdbc = jdbc;
    this.clock = clock;
  }

  /**
   * The address's state, its row locked for the rest of the transaction (created when new), as
   * a user's row is locked during a sign-in attempt. {@code email} is lower case, 254 at most.
   */
  Lockout.State lock(String email, Instant now) {
    jdbc.sql("""
        insert into identity.unknown_address_lockouts (email, updated_at) values (:e, :now)
        on conflict (email) do nothing
        """).param("e", email).param("now", UserStore.utc(now)).update();
    return jdbc.sql("""
        select failed_logins, temporary_locks, locked_until, locked_hard
          from identity.unknown_address_lockouts where email = :e for update
        """).param("e", email).query((rs, n) -> {
          OffsetDateTime until = rs.getObject("locked_until", OffsetDateTime.class);
          return new Lockout.State(rs.getInt("failed_logins"), rs.getInt("temporary_locks"),
              until == null ? null : until.toInstant(), rs.getBoolean("locked_hard"));
        }).single();
  }

  void save(String email, Lockout.State state, Instant now) {
    int n = jdbc.sql("""
        update identity.unknown_address_lockouts
           set failed_logins = :failed, temporary_locks = :locks, locked_until = :until,
               locked_hard = :hard, updated_at = :now
         where email = :e
        """).param("failed", state.failedLogins()).param("locks", state.temporaryLocks())
        .param("until", state.lockedUntil() == null ? null : UserStore.utc(state.lockedUntil()))
        .param("hard", state.lockedHard()).param("now", UserStore.utc(now)).param("e", email)
        .update();
    if (n != 1) {
      throw new IllegalStateException("expected one unknown-address row, updated " + n);
    }
  }

  /** Failed sign-ins with this address (no account) since {@code since}, like a user's count. */
  int failuresSince(String email, Instant since) {
    return jdbc.sql("""
        select count(*) from identity.login_attempts
         where user_id is null and lower(email) = :e and result = 'failure' and at > :since
        """).param("e", email).param("since", UserStore.utc(since)).query(Integer.class).single();
  }

  /**
   * Forgets addresses that are no longer locked and were last tried over {@link #KEEP} ago, in
   * bounded batches. A hard lock stays, as a user's does (it would otherwise lift by itself and tell).
   */
  @Scheduled(initialDelayString = "PT10M", fixedDelayString = "PT1H")
  @SchedulerLock(name = "identity.unknown-address-purge", lockAtMostFor = "PT10M")
  void purge() {
    Instant before = clock.instant().minus(KEEP);
    jdbc.sql("""
        delete from identity.unknown_address_lockouts
         where email in (select email from identity.unknown_address_lockouts
                          where not locked_hard and updated_at < :before
                            and (locked_until is null or locked_until < :before)
                          limit :max)
        """).param("before", UserStore.utc(before)).param("max", PURGE_BATCH_MAX).update();
  }
}
