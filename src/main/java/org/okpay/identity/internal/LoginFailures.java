package org.okpay.identity.internal;

import java.time.Duration;
import java.time.Instant;
import org.springframework.stereotype.Component;

/**
 * A failed authentication (a wrong password, or a wrong second factor at sign-in, at a reset or
 * at a step-up), counted toward the lockout and written to the login history. One rule for all
 * of them, so guessing codes is throttled exactly like guessing passwords. The caller holds the
 * user's row lock.
 */
@Component
class LoginFailures {

  static final Duration DAY = Duration.ofHours(24);
  /** The longest user agent identity.login_attempts keeps. */
  static final int UA_MAX = 512;

  private final UserStore users;
  private final LoginHistoryStore history;
  private final IdentityProperties rules;
  private final IdentityAudit audit;

  LoginFailures(UserStore users, LoginHistoryStore history, IdentityProperties rules,
      IdentityAudit audit) {
    this.users = users;
    this.history = history;
    this.rules = rules;
    this.audit = audit;
  }

  static Lockout.State stateOf(UserRow user) {
    return new Lockout.State(user.failedLogins(), user.temporaryLocks(), user.lockedUntil(),
        user.lockedHard());
  }

  /** Records the failure; returns the lockout state it leads to. */
  Lockout.State record(UserRow user, Instant now, String ip, String userAgent, String reason) {
    return recordWarning(user, now, ip, userAgent, reason).next();
  }

  /** The state a failure leads to, and the warning a refused (not locked) attempt carries. */
  record Outcome(Lockout.State next, LockWarning warning) { }

  /** Records the failure; returns the state it leads to and the tries-left warning, if any. */
  Outcome recordWarning(UserRow user, Instant now, String ip, String userAgent, String reason) {
    int today = history.failuresSince(user.id(), now.minus(DAY)) + 1;
    boolean staff = user.role().staff();
    Lockout.State next = Lockout.afterFailure(stateOf(user), staff, today, now, rules);
    users.recordFailure(user.id(), next.failedLogins(), next.temporaryLocks(),
        next.lockedUntil(), next.lockedHard());
    history.record(user.id(), user.email(), now, ip,
        userAgent == null || userAgent.length() <= UA_MAX ? userAgent
            : userAgent.substring(0, UA_MAX), "failure", reason);
    if (next.lockedAt(now) && !stateOf(user).lockedAt(now)) {
      audit.bySystem("locked", user.id(), "reason", reason, "ip", ip,
          "until", next.lockedHard() ? null : String.valueOf(next.lockedUntil()),
          "hard", String.valueOf(next.lockedHard()));
    }
    return new Outcome(next, Lockout.warning(next, staff, today, rules));
  }
}
