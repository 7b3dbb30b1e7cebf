package org.okpay.identity;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * What support staff (agents and admins) may look up about a customer and do to their account,
 * for the agent console. Every call names the acting staff member; every action needs a reason
 * in the staff member's words ({@link #REASON_MAX} characters at most) and is appended to the
 * audit log in the same transaction as its effect. Reads of one customer are audited too
 * (without a reason): who looked at whose account is security-relevant.
 *
 * <p>Refusals are typed errors: {@code forbidden} (not staff, an agent doing an admin-only
 * action, staff acting on their own account, an agent acting on another staff member's
 * account), {@code reason_required}, {@code validation_failed} (reason too long),
 * {@code checklist_incomplete} (the errors name the missing items, e.g.
 * {@code checklist.sessionsReviewed}), {@code password_not_changed_since_report},
 * {@code user_not_found}. Doing what is already done is not an error: the result says so
 * ({@link ActionResult#changed()} false), e.g. unfreezing an account that is not frozen.
 */
public interface SupportActionsApi {

  int REASON_MAX = 500;
  int SEARCH_LIMIT_MAX = 50;
  int QUERY_LENGTH_MAX = 254;
  /** Shorter queries would list half the customers: a search needs at least this much. */
  int QUERY_LENGTH_MIN = 2;
  int SIGN_INS_MAX = 100;

  /** The unfreeze checklist for an account frozen by a "hacked" report. */
  String PASSWORD_CHANGED = "passwordChanged";
  String SESSIONS_REVIEWED = "sessionsReviewed";
  String SUSPICIOUS_TRANSACTIONS_REPORTED = "suspiciousTransactionsReported";
  List<String> UNFREEZE_CHECKLIST = List.of(PASSWORD_CHANGED, SESSIONS_REVIEWED,
      SUSPICIOUS_TRANSACTIONS_REPORTED);

  /** The identity-verification checklist before two-factor is reset. */
  String IDENTITY_DOCUMENT = "identityDocument";
  String REGISTERED_CONTACT = "registeredContact";
  String RECENT_ACTIVITY = "recentActivity";
  List<String> TWO_FACTOR_CHECKLIST = List.of(IDENTITY_DOCUMENT, REGISTERED_CONTACT,
      RECENT_ACTIVITY);

  /**
   * Who acts: a signed-in staff member, or the operator token ({@code id} null, treated as an
   * admin).
   */
  record Actor(UUID id, Role role) {
    public Actor {
      Objects.requireNonNull(role, "role");
    }

    public static Actor operator() {
      return new Actor(null, Role.ADMIN);
    }
  }

  /** Customers whose e-mail address, phone number or name starts with {@code query}. */
  List<CustomerMatch> find(Actor actor, String query, int limit);

  /** One customer's profile with lock and freeze state; {@code user_not_found} if unknown. */
  CustomerProfile profile(Actor actor, UUID userId);

  /** The newest sign-in attempts, at most {@link #SIGN_INS_MAX}. */
  List<LoginAttempt> signIns(Actor actor, UUID userId, int limit);

  /** The devices the customer signed in from, and their live sessions and API tokens. */
  SignInDevices devices(Actor actor, UUID userId);

  ActionResult unlock(Actor actor, UUID userId, String reason);

  /** Freezes outgoing money (receiving still works); the owner is told by e-mail. */
  ActionResult freeze(Actor actor, UUID userId, String reason);

  /**
   * Lets money leave again. An account frozen by a "hacked" report needs every item of
   * {@link #UNFREEZE_CHECKLIST} ticked, and the server checks the first itself: the owner must
   * have set a new password after the report. The ticks are stored with the decision.
   */
  ActionResult unfreeze(Actor actor, UUID userId, String reason, Set<String> checklist);

  /** Admins only, after every item of {@link #TWO_FACTOR_CHECKLIST}: turns two-factor off. */
  ActionResult resetTwoFactor(Actor actor, UUID userId, String reason, Set<String> checklist);

  ActionResult resendVerification(Actor actor, UUID userId, String reason);

  /** Ends every session and API token of the customer and e-mails a reset link. */
  ActionResult forcePasswordReset(Actor actor, UUID userId, String reason);

  /**
   * The freeze of the user's outgoing money, if any, for the owner's own banner as much as for
   * staff: no actor needed, nothing audited. Empty for an unknown user or one not frozen.
   */
  Optional<AccountFreeze> freezeOf(UUID userId);

  record CustomerMatch(UUID id, String email, String displayName, String phone, Role role,
      boolean frozen, boolean locked) {
  }

  /**
   * @param phone the number on the account (confirmed or not), null if none
   * @param timeZone the zone the customer reads times in (IANA id)
   * @param lock the sign-in lock
   * @param freeze the freeze of outgoing money, null when money may leave
   * @param recovery where a "hacked" report stands
   */
  record CustomerProfile(UUID id, String email, boolean emailVerified, String displayName,
      String phone, boolean phoneConfirmed, Role role, String language, String country,
      Instant createdAt, String timeZone, boolean twoFactorOn, Lock lock, AccountFreeze freeze,
      IdentityApi.RecoveryState recovery) {
  }

  /**
   * @param locked whether sign-in is refused now
   * @param hard locked until a password reset or support (not by time)
   * @param until when a temporary lock ends; null for none or a hard lock
   * @param failedLogins failures in a row since the last success
   */
  record Lock(boolean locked, boolean hard, Instant until, int failedLogins) {
  }

  /**
   * @param by who froze it: the owner ("my account was hacked") or support
   * @param since when sending stopped
   * @param stage for a "hacked" report: waiting for the owner's reset or for support; NONE for a
   *     freeze by support alone
   * @param reportedAt the "hacked" report, null for a freeze by support alone
   * @param recoveredAt when the owner set a new password after the report, else null
   */
  record AccountFreeze(FrozenBy by, Instant since, IdentityApi.RecoveryState.Stage stage,
      Instant reportedAt, Instant recoveredAt) {

    /** Whether lifting it needs the unfreeze checklist. */
    public boolean byHackedReport() {
      return by == FrozenBy.OWNER;
    }
  }

  enum FrozenBy { OWNER, SUPPORT }

  /**
   * @param device a short description, e.g. "Chrome on Android"
   * @param signIns successful sign-ins from it (among the newest {@code 1000})
   */
  record Device(String device, Instant firstSeen, Instant lastSeen, int signIns) {
  }

  record SignInDevices(List<Device> devices, List<SessionView> liveSessions) {
  }

  /**
   * @param action {@code unlock}, {@code freeze}, {@code unfreeze}, {@code reset_two_factor},
   *     {@code resend_verification}, {@code force_password_reset}
   * @param outcome in words for pages: {@code unlocked} / {@code not_locked}, {@code frozen} /
   *     {@code already_frozen}, {@code unfrozen} / {@code not_frozen},
   *     {@code two_factor_reset} / {@code two_factor_off}, {@code verification_sent} /
   *     {@code already_verified}, {@code reset_sent}
   * @param changed false when it was already so (nothing changed, still audited)
   * @param auditSequence the audit log row's sequence number
   */
  record ActionResult(UUID userId, String action, String outcome, boolean changed,
      long auditSequence) {
  }
}
