package org.okpay.identity;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** The identity module's entrance for other modules and for the pages. */
public interface IdentityApi {

  int HISTORY_LIMIT_MAX = 100;

  /** The cookie that carries a web session's secret. */
  String SESSION_COOKIE = "okpay_session";

  /** The user of the current request, if one is signed in. */
  Optional<CurrentUser> currentUser();

  /**
   * Registers a user. Answers the same way whether or not the address is taken, so the form
   * cannot be used to learn who has an account.
   */
  void register(NewUser user, String ip);

  /** Signs in and returns the new session's secret; throws a typed error otherwise. */
  default SignIn signIn(String email, String password, SessionKind kind, String ip,
      String userAgent) {
    return signIn(email, password, SecondFactor.NONE, kind, ip, userAgent);
  }

  /**
   * Signs in with the password and, when the user has two-factor authentication, the second
   * factor given with it: none is {@code second_factor_required}, a wrong one
   * {@code invalid_second_factor} and counts toward the lockout like a wrong password.
   */
  SignIn signIn(String email, String password, SecondFactor secondFactor, SessionKind kind,
      String ip, String userAgent);

  /**
   * The web sign-in's first step. A user with two-factor authentication gets a challenge
   * instead of a session: a secret for the second step, single use, valid for five minutes, so
   * the password is never sent again.
   */
  PasswordChecked startWebSignIn(String email, String password, String ip, String userAgent);

  /** The web sign-in's second step: the challenge and the code; {@code sign_in_expired} when dead. */
  SignIn finishWebSignIn(String challenge, SecondFactor secondFactor, String ip, String userAgent);

  /** What the password step of a web sign-in led to. */
  sealed interface PasswordChecked {
    record SignedIn(SignIn signIn) implements PasswordChecked {
    }

    record SecondFactorNeeded(String challenge, java.time.Instant expiresAt)
        implements PasswordChecked {
    }
  }

  void signOut(CurrentUser user);

  /**
   * Sets the zone the user reads times in on pages, in e-mails and in exports (the API stays
   * UTC): an IANA id such as {@code Asia/Shanghai} or {@code UTC}; anything else is
   * {@code validation_failed} on the field {@code timeZone}. Returns the zone set.
   */
  java.time.ZoneId changeTimeZone(CurrentUser user, String timeZone);

  List<SessionView> sessions(CurrentUser user);

  /** Revokes one of the user's own sessions; another user's session id is "not found". */
  void revokeSession(CurrentUser user, UUID sessionId);

  /** Revokes every session of the user except the current one; returns how many. */
  int revokeOtherSessions(CurrentUser user);

  List<LoginAttempt> loginHistory(CurrentUser user, int limit);

  /** Confirms an address from the link in the verification e-mail; false if the link is dead. */
  boolean verifyEmail(String token);

  /** Sends a new verification link (older ones stop working). */
  void resendVerification(CurrentUser user);

  /**
   * Sends a reset link if the address has an account. Answers the same either way, so it
   * cannot be used to learn who has an account.
   */
  void requestPasswordReset(String email, String ip);

  /** Whether a reset link still works (to show the form or say it expired). */
  boolean resetLinkValid(String token);

  /**
   * Sets a new password from a reset link: ends every session and token, lifts any lock, and
   * e-mails "your password was changed". Does not sign in.
   */
  default void resetPassword(String token, String newPassword, String ip) {
    resetPassword(token, newPassword, SecondFactor.NONE, ip);
  }

  /**
   * The same; a user with two-factor authentication must also give a second factor (see
   * {@link TwoFactorApi#resetNeedsSecondFactor}), so the mailbox alone cannot take the account.
   */
  void resetPassword(String token, String newPassword, SecondFactor secondFactor, String ip);

  /**
   * Changes the password of a signed-in user who knows the current one; with two-factor on it
   * also needs a fresh code (step-up). Ends the other sessions.
   */
  void changePassword(CurrentUser user, String currentPassword, String newPassword,
      String secondFactorCode, String ip);

  /**
   * "My account was hacked": freezes outgoing money, ends every session and token (this one
   * too), e-mails a reset link and a confirmation, and asks support for an urgent case.
   */
  void reportCompromise(CurrentUser user, String ip);

  /**
   * Secures an account whose owner reports a payment they did not make (a dispute of an
   * unauthorized transaction): outgoing money is frozen (kept when frozen already) and every
   * session and token ends, in one transaction. Unlike {@link #reportCompromise} the password
   * still works and no reset link is sent; support lifts the freeze after its review. False for
   * an unknown user.
   */
  boolean secureAccount(UUID userId);

  /** The zone the user reads times in (pages, e-mails); UTC for an unknown user or none set. */
  java.time.ZoneId zoneOf(UUID userId);

  /** Whether outgoing money movement of this user is frozen (by the user or by support). */
  boolean frozen(UUID userId);

  /**
   * Where a "my account was hacked" report stands, for support: {@code user_not_found} for an
   * unknown id.
   */
  RecoveryState recoveryState(UUID userId);

  /**
   * @param stage what the account waits for
   * @param reportedAt the latest report, or null if none was ever made
   * @param recoveredAt when the owner set a new password from the reset link after that report
   * @param frozenAt since when sending is frozen, or null when money may leave
   */
  record RecoveryState(Stage stage, java.time.Instant reportedAt, java.time.Instant recoveredAt,
      java.time.Instant frozenAt) {

    public enum Stage {
      /** No open report, nothing frozen by one (never reported, or support unfroze it). */
      NONE,
      /** Reported: the old password is refused; the owner must use the e-mailed reset link. */
      AWAITING_RESET,
      /** The owner set a new password; sending stays frozen until support unfreezes it. */
      AWAITING_UNFREEZE
    }
  }

  /**
   * Starts changing the e-mail address: needs the password (and a fresh code with two-factor
   * on), sends a link to the new address;
   * the change happens when that link is used. Answers the same whether or not the new address
   * is taken by another account.
   */
  void requestEmailChange(CurrentUser user, String password, String newEmail,
      String secondFactorCode);

  /** Uses the link from {@link #requestEmailChange}; false if it is dead or the address taken. */
  boolean confirmEmailChange(String token);

  /**
   * Another user, found by e-mail address or phone number, to pay them. Text with an {@code @}
   * is an e-mail address: only users who confirmed it. Anything else is read as a phone number
   * and must be written with {@code +} and the country code (this overload knows no country to
   * read a national number in): only users who confirmed that number. Empty for no such user
   * (callers must not turn that into a way to list addresses or numbers: they rate limit, and
   * payments answer the same "recipient not found" as for a typo).
   */
  default Optional<Contact> payableUser(String emailOrPhone) {
    return payableUser(emailOrPhone, null);
  }

  /**
   * The same, reading a phone number written without {@code +} as dialled in
   * {@code defaultCountry} (the payer's country, ISO 3166 alpha-2, e.g. {@code CN}: "138 0013
   * 8000" is +86 138 0013 8000); null reads only numbers with {@code +}.
   */
  Optional<Contact> payableUser(String emailOrPhone, String defaultCountry);

  /**
   * The recipient a payer is about to pay, as the review page shows them: the masked name and
   * address of {@link PayeeNames} ("*小明 (bob@…)"); empty when no user can be paid there. Only
   * for a payment the payer is reviewing (payments already answered "recipient not found" for an
   * unknown address, so this tells nothing more about who has an account).
   */
  default Optional<String> maskedPayee(String emailOrPhone, String defaultCountry) {
    return payableUser(emailOrPhone, defaultCountry)
        .map(c -> PayeeNames.masked(c.displayName(), emailOrPhone));
  }

  /** How to reach a user (for notifications about money); empty for an unknown id. */
  Optional<Contact> contact(UUID userId);

  /**
   * The contacts of many users in one read (a history page's senders), keyed by id; unknown ids
   * are left out. The default asks {@link #contact} for each.
   */
  default java.util.Map<UUID, Contact> contacts(java.util.Collection<UUID> userIds) {
    java.util.Map<UUID, Contact> found = new java.util.HashMap<>();
    for (UUID id : new java.util.HashSet<>(userIds)) {
      contact(id).ifPresent(c -> found.put(id, c));
    }
    return found;
  }

  /**
   * The zone the user reads times in (the one they chose, else their country's), for e-mails
   * written outside a request of theirs (support's answer-by time); empty for an unknown id.
   */
  default Optional<java.time.ZoneId> timeZone(UUID userId) {
    return Optional.empty();
  }

  /**
   * Whether the current request comes from a device the user first signed in with less than
   * {@code within} ago, while they have signed in from other devices before: payments ask for
   * more on a new device.
   */
  boolean onNewDevice(CurrentUser user, java.time.Duration within);

  /**
   * What a payment's guards ask about the payer, in one read: whether the account is frozen,
   * whether two-factor sign-in is on, and {@link #onNewDevice} for {@code newDeviceWithin}.
   */
  PayerFacts payerFacts(CurrentUser user, java.time.Duration newDeviceWithin);

  /** @see #payerFacts */
  record PayerFacts(boolean frozen, boolean secondFactorEnabled, boolean onNewDevice) {
  }

  /**
   * @param language e.g. {@code en}, {@code zh-CN}
   * @param phone the user's confirmed phone number in E.164 ({@code +8613800138000}), or null
   */
  record Contact(UUID userId, String email, String displayName, String language,
      boolean emailVerified, String phone) {

    /** A contact without a phone number (kept so that callers from before phones compile). */
    public Contact(UUID userId, String email, String displayName, String language,
        boolean emailVerified) {
      this(userId, email, displayName, language, emailVerified, null);
    }
  }

  /** How strong a password is, for the meter on the registration page (0 weakest .. 4). */
  PasswordStrength passwordStrength(String password, String email, String displayName);

  record PasswordStrength(int score, boolean acceptable, String reason) {
  }

  /** Web sessions live in a cookie; API tokens are sent as a bearer token. */
  enum SessionKind { WEB, API }

  /** A successful sign-in: the secret to hand to the client, once. */
  record SignIn(String token, java.time.Instant expiresAt, CurrentUser user) {
  }
}
