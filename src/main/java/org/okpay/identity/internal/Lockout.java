package org.okpay.identity.internal;

import java.time.Duration;
import java.time.Instant;

/**
 * The lockout rules as one pure function: given a user's state and a new failed attempt, what the
 * state becomes. Customers: 5 consecutive failures lock for 15 minutes, each later lock twice as
 * long; 10 failures within 24 hours lock until a password reset or a support agent. Staff: 10
 * consecutive failures lock for at least 30 minutes (PCI DSS 8.3.4); 20 within a day lock hard.
 */
final class Lockout {

  record State(int failedLogins, int temporaryLocks, Instant lockedUntil, boolean lockedHard) {

    boolean lockedAt(Instant now) {
      return lockedHard || (lockedUntil != null && now.isBefore(lockedUntil));
    }
  }

  private Lockout() {
  }

  /**
   * @param failuresToday failures in the last 24 hours, this one included
   */
  static State afterFailure(State s, boolean staff, int failuresToday, Instant now,
      IdentityProperties rules) {
    int failed = s.failedLogins() + 1;
    int perDay = staff ? rules.staffFailuresPerDayToLockHard() : rules.failuresPerDayToLockHard();
    if (failuresToday >= perDay) {
      return new State(failed, s.temporaryLocks(), s.lockedUntil(), true);
    }
    int toLock = staff ? rules.staffFailuresToLock() : rules.failuresToLock();
    if (failed < toLock) {
      return new State(failed, s.temporaryLocks(), s.lockedUntil(), false);
    }
    Duration first = staff ? rules.staffLockFirst() : rules.lockFirst();
    Duration lock = doubled(first, s.temporaryLocks(), rules.lockMax());
    // The run of failures starts again after a lock: the next lock needs another full run.
    return new State(0, s.temporaryLocks() + 1, now.plus(lock), false);
  }

  /** From this failure in a row on, a refused sign-in says how many tries are left. */
  static final int WARN_FROM_FAILURE = 3;

  /**
   * What a refused (not locked) attempt tells about the next lock, or null before the third
   * failure in a row: tries left before the nearer of the two locks, and how long that lock
   * lasts (null: a hard lock). {@code next} and {@code failuresToday} are as after the failure.
   * An unknown address is passed as a customer, so it gets a customer's numbers.
   */
  static LockWarning warning(State next, boolean staff, int failuresToday,
      IdentityProperties rules) {
    if (next.lockedHard()) {
      return null;
    }
    int toLock = staff ? rules.staffFailuresToLock() : rules.failuresToLock();
    int perDay = staff ? rules.staffFailuresPerDayToLockHard() : rules.failuresPerDayToLockHard();
    int leftInRun = toLock - next.failedLogins();
    int leftToday = perDay - failuresToday;
    int left = Math.min(leftInRun, leftToday);
    if (left <= 0 || (next.failedLogins() < WARN_FROM_FAILURE
        && left > toLock - WARN_FROM_FAILURE)) {
      return null;
    }
    if (leftToday <= leftInRun) {
      return new LockWarning(left, null);
    }
    Duration first = staff ? rules.staffLockFirst() : rules.lockFirst();
    return new LockWarning(left, doubled(first, next.temporaryLocks(), rules.lockMax()));
  }

  /** {@code first} doubled {@code times} times, never longer than {@code max}. */
  static Duration doubled(Duration first, int times, Duration max) {
    Duration lock = first;
    for (int i = 0; i < times && lock.compareTo(max) < 0; i++) {
      lock = lock.multipliedBy(2);
    }
    return lock.compareTo(max) > 0 ? max : lock;
  }
}
