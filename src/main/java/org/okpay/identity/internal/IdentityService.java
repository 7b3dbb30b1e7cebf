package org.okpay.identity.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.Currency;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.okpay.identity.CurrentUser;
import org.okpay.identity.IdentityApi;
import org.okpay.identity.LoginAttempt;
import org.okpay.identity.NewUser;
import org.okpay.identity.Role;
import org.okpay.identity.SecondFactor;
import org.okpay.identity.SessionView;
import org.okpay.shared.ErrorCode;
import org.okpay.shared.FieldErrors;
import org.okpay.shared.IpRateLimiter;
import org.okpay.shared.OkPayException;
import org.okpay.shared.ReaderZone;
import org.okpay.status.StatusApi;
import org.okpay.status.StatusComponent;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

@Service
class IdentityService implements IdentityApi {

  static final int SESSION_TOKEN_BYTES = 32;

  private final UserStore users;
  private final SessionStore sessions;
  private final SessionCache sessionCache;
  private final PayeeCache payees;
  private final PayerFactsCache payerFacts;
  private final LoginHistoryStore history;
  private final PasswordPolicy policy;
  private final PasswordHasher hasher;
  private final IdentityProperties rules;
  private final TransactionTemplate tx;
  private final Clock clock;
  private final AccountRecovery recovery;
  private final AccountProtection protection;
  private final IpRateLimiter limiter;
  /** The per-IP limits (sign-in, registration, reset) count per minute. */
  private static final Duration LIMIT_WINDOW = Duration.ofMinutes(1);
  private final StatusApi status;
  private final TwoFactorService twoFactor;
  private final SignInChallenges challenges;
  private final LoginFailures failures;
  private final UnknownAddressLockouts unknownLockouts;
  private final ResetRequests resetRequests;
  private final IdentityAudit audit;

  IdentityService(UserStore users, SessionStore sessions, SessionCache sessionCache,
      PayeeCache payees, PayerFactsCache payerFacts,
      LoginHistoryStore history,
      PasswordPolicy policy, PasswordHasher hasher, IdentityProperties rules,
      TransactionTemplate tx, Clock clock, AccountRecovery recovery,
      AccountProtection protection, IpRateLimiter limiter, TwoFactorService twoFactor,
      SignInChallenges challenges, LoginFailures failures, UnknownAddressLockouts unknownLockouts,
      ResetRequests resetRequests, StatusApi status, IdentityAudit audit) {
    this.users = users;
    this.sessions = sessions;
    this.sessionCache = sessionCache;
    this.payees = payees;
    this.payerFacts = payerFacts;
    this.history = history;
    this.policy = policy;
    this.hasher = hasher;
    this.rules = rules;
    this.tx = tx;
    this.clock = clock;
    this.recovery = recovery;
    this.protection = protection;
    this.limiter = limiter;
    this.status = status;
    this.twoFactor = twoFactor;
    this.challenges = challenges;
    this.failures = failures;
    this.unknownLockouts = unknownLockouts;
    this.resetRequests = resetRequests;
    this.audit = audit;
  }

  @Override
  public Optional<CurrentUser> currentUser() {
    Authentication auth = SecurityContextHolder.getContext().getAuthentication();
    return auth != null && auth.getPrincipal() instanceof CurrentUser user
        ? Optional.of(user) : Optional.empty();
  }

  @Override
  public void register(NewUser user, String ip) {
    limiter.acquire("register", ip, rules.registrationsPerMinutePerIp(), LIMIT_WINDOW);
    String email = RegistrationRules.email(user.email());
    RegistrationRules.validate(user);
    requireStrong(user.password(), email, user.displayName());
    String hash = hasher.hash(user.password());
    UUID id = UUID.randomUUID();
    // A taken address is answered like a new one: the form must not reveal who has an account.
    // The owner of the address hears of the attempt by e-mail instead.
    tx.executeWithoutResult(txStatus -> {
      if (users.insert(id, email, user.displayName().strip(), user.language(), user.country(),
          user.defaultCurrency(), Role.CUSTOMER, hash, now(), false)) {
        users.setTimeZone(id, ReaderZone.id(CountryZones.of(user.timeZone(), user.country())));
        recovery.sendVerification(users.byId(id).orElseThrow());
      } else {
        users.byEmail(email).ifPresent(recovery::sendRegistrationAttempt);
      }
    });
  }

  @Override
  public boolean verifyEmail(String token) {
    return validLinkShape(token) && Boolean.TRUE.equals(tx.execute(s -> recovery.verify(token)));
  }

  @Override
  public void resendVerification(CurrentUser user) {
    users.byId(user.userId()).filter(u -> u.emailVerifiedAt() == null)
        .ifPresent(u -> tx.executeWithoutResult(s -> recovery.sendVerification(u)));
  }

  @Override
  public void requestPasswordReset(String email, String ip) {
    limiter.acquire("reset", ip, rules.resetsPerMinutePerIp(), LIMIT_WINDOW);
    // Off the request's thread: the answer takes the same time whether or not there is a user.
    resetRequests.submit(RegistrationRules.email(email), ip);
  }

  @Override
  public boolean resetLinkValid(String token) {
    return validLinkShape(token) && recovery.peekReset(token).isPresent();
  }

  @Override
  public void resetPassword(String token, String newPassword, SecondFactor secondFactor,
      String ip) {
    limiter.acquire("reset", ip, rules.resetsPerMinutePerIp(), LIMIT_WINDOW);
    UserRow owner = (validLinkShape(token) ? recovery.peekReset(token) : Optional.<UUID>empty())
        .flatMap(users::byId)
        .orElseThrow(() -> new OkPayException(ErrorCode.LINK_EXPIRED));
    requireStrong(newPassword, owner.email(), owner.displayName());
    twoFactor.requireFreshForReset(owner.id(), secondFactor);
    String hash = hasher.hash(newPassword);
    tx.executeWithoutResult(s -> {
      UUID userId = recovery.useReset(token)
          .orElseThrow(() -> new OkPayException(ErrorCode.LINK_EXPIRED));
      Instant now = now();
      users.setPassword(userId, hash, now);
      // An open report of a hacked account is closed by this reset; sending stays frozen.
      users.markRecovered(userId, now);
      sessions.revokeAllExcept(userId, null, now);
      recovery.sendPasswordChanged(owner, ip);
      audit.byUser("password_reset", userId, "ip", ip);
    });
  }

  @Override
  public void changePassword(CurrentUser user, String currentPassword, String newPassword,
      String secondFactorCode, String ip) {
    UserRow row = users.byId(user.userId()).orElseThrow();
    requireNotUnderRecovery(row);
    if (!hasher.matches(currentPassword == null ? "" : currentPassword, row.passwordHash())) {
      throw new OkPayException(ErrorCode.INVALID_CREDENTIALS);
    }
    twoFactor.requireFreshSecondFactor(user, secondFactorCode);
    requireStrong(newPassword, row.email(), row.displayName());
    String hash = hasher.hash(newPassword);
    tx.executeWithoutResult(s -> {
      Instant now = now();
      users.setPassword(row.id(), hash, now);
      sessions.revokeAllExcept(row.id(), user.sessionId(), now);
      recovery.sendPasswordChanged(row, ip);
      audit.byUser("password_changed", row.id(), "ip", ip);
    });
  }

  @Override
  public void requestEmailChange(CurrentUser user, String password, String newEmail,
      String secondFactorCode) {
    UserRow row = users.byId(user.userId()).orElseThrow();
    requireNotUnderRecovery(row);
    if (!hasher.matches(password == null ? "" : password, row.passwordHash())) {
      throw new OkPayException(ErrorCode.INVALID_CREDENTIALS);
    }
    twoFactor.requireFreshSecondFactor(user, secondFactorCode);
    String email = RegistrationRules.email(newEmail);
    RegistrationRules.validate(new NewUser(email, "", row.displayName(), row.language(),
        row.country(), row.defaultCurrency()));
    if (users.byEmail(email).isEmpty()) {
      tx.executeWithoutResult(s -> recovery.sendEmailChange(row, email));
    }
  }

  @Override
  public boolean confirmEmailChange(String token) {
    return validLinkShape(token)
        && Boolean.TRUE.equals(tx.execute(s -> recovery.confirmEmailChange(token)));
  }

  @Override
  public void reportCompromise(CurrentUser user, String ip) {
    protection.reportCompromise(user.userId(), ip);
  }

  @Override
  public Optional<Contact> payableUser(String emailOrPhone, String defaultCountry) {
    if (emailOrPhone == null || emailOrPhone.isBlank() || emailOrPhone.length() > 254) {
      return Optional.empty();
    }
    String text = emailOrPhone.strip();
    boolean email = text.contains("@");
    // The number in E.164; the address as typed (the database compares it ignoring case).
    Optional<String> number = email ? Optional.empty()
        : PhoneNumbers.lookup(text, defaultCountry);
    if (!email && number.isEmpty()) {
      return Optional.empty();
    }
    String key = email ? "email:" + text : "phone:" + number.get();
    Contact held = payees.get(key);
    if (held != null) {
      return Optional.of(held);
    }
    long readAt = payees.generation();
    Optional<Contact> payee = (email ? users.byEmail(text) : users.byConfirmedPhone(number.get()))
        .filter(u -> u.emailVerifiedAt() != null).map(IdentityService::contactOf);
    payee.ifPresent(found -> payees.keep(key, found, readAt));
    return payee;
  }

  @Override
  public Optional<Contact> contact(UUID userId) {
    return users.byId(userId).map(IdentityService::contactOf);
  }

  @Override
  public java.util.Map<UUID, Contact> contacts(java.util.Collection<UUID> userIds) {
    java.util.Map<UUID, Contact> found = new java.util.HashMap<>();
    for (UserRow user : users.byIds(userIds)) {
      found.put(user.id(), contactOf(user));
    }
    return found;
  }

  @Override
  public Optional<ZoneId> timeZone(UUID userId) {
    return users.byId(userId).map(UserRow::zone);
  }

  private static Contact contactOf(UserRow user) {
    return new Contact(user.id(), user.email(), user.displayName(), user.language(),
        user.emailVerifiedAt() != null, user.confirmedPhone());
  }

  @Override
  public boolean onNewDevice(CurrentUser user, java.time.Duration within) {
    return history.sessionOnNewDevice(user.userId(), user.sessionId(), now().minus(within));
  }

  @Override
  public PayerFacts payerFacts(CurrentUser user, java.time.Duration newDeviceWithin) {
    Instant since = now().minus(newDeviceWithin);
    if (user.sessionId() == null) {
      return history.payerRead(user.userId(), null).at(since);
    }
    LoginHistoryStore.PayerRead held = payerFacts.get(user.userId(), user.sessionId());
    if (held != null) {
      return held.at(since);
    }
    long readAt = payerFacts.generation();
    LoginHistoryStore.PayerRead read = history.payerRead(user.userId(), user.sessionId());
    payerFacts.keep(user.userId(), user.sessionId(), read, readAt);
    return read.at(since);
  }

  @Override
  public java.time.ZoneId zoneOf(UUID userId) {
    return users.byId(userId).map(UserRow::zone).orElse(java.time.ZoneOffset.UTC);
  }

  @Override
  public boolean secureAccount(UUID userId) {
    return Boolean.TRUE.equals(tx.execute(status -> {
      Instant now = now();
      if (!users.freeze(userId, now)) {
        return false;
      }
      sessions.revokeAllExcept(userId, null, now);
      return true;
    }));
  }

  @Override
  public boolean frozen(UUID userId) {
    return users.frozen(userId);
  }

  /**
   * While a "hacked" report is open nothing that would hand the account to someone else may
   * change: e-mail, password, phone, two-factor. The reset link is the only way out.
   */
  static void requireNotUnderRecovery(UserRow user) {
    if (user.underRecovery()) {
      throw new OkPayException(ErrorCode.ACCOUNT_RECOVERY_REQUIRED);
    }
  }

  @Override
  public RecoveryState recoveryState(UUID userId) {
    return users.byId(userId).map(u -> new RecoveryState(
        u.underRecovery() ? RecoveryState.Stage.AWAITING_RESET
            : u.compromiseReportedAt() != null && u.frozenAt() != null
                ? RecoveryState.Stage.AWAITING_UNFREEZE : RecoveryState.Stage.NONE,
        u.compromiseReportedAt(), u.compromiseRecoveredAt(), u.frozenAt()))
        .orElseThrow(() -> new OkPayException(ErrorCode.USER_NOT_FOUND));
  }

  private static boolean validLinkShape(String token) {
    return token != null && !token.isEmpty() && token.length() <= 100;
  }

  /** Creates a user directly (first admin, support tooling); verified, no e-mail sent. */
  boolean createVerified(String email, String password, String displayName, Role role) {
    requireStrong(password, email, displayName);
    return users.insert(UUID.randomUUID(), RegistrationRules.email(email), displayName, "en", "US",
        "USD", role, hasher.hash(password), now(), true);
  }

  @Override
  public PasswordStrength passwordStrength(String password, String email, String displayName) {
    String candidate = password == null ? "" : password;
    Optional<PasswordPolicy.Weakness> weakness = policy.check(candidate, email, displayName);
    int score = weakness.isPresent() ? Math.min(1, policy.score(candidate, email, displayName))
        : policy.score(candidate, email, displayName);
    return new PasswordStrength(score, weakness.isEmpty(),
        weakness.map(w -> w.key).orElse(null));
  }

  void requireStrong(String password, String... personalWords) {
    policy.check(password == null ? "" : password, personalWords).ifPresent(weakness -> {
      throw new FieldErrors().add("password", weakness.key, new PasswordAdvice(weakness.key))
          .exception(ErrorCode.WEAK_PASSWORD);
    });
  }

  @Override
  public SignIn signIn(String email, String password, SecondFactor secondFactor,
      SessionKind kind, String ip, String userAgent) {
    status.requireAvailable(StatusComponent.LOGIN);
    limiter.acquire("login", ip, rules.loginsPerMinutePerIp(), LIMIT_WINDOW);
    Attempt attempt = tx.execute(txStatus -> attempt(email == null ? "" : email.strip(),
        password == null ? "" : password, secondFactor, false, kind, ip, userAgent));
    return signedIn(attempt);
  }

  @Override
  public PasswordChecked startWebSignIn(String email, String password, String ip,
      String userAgent) {
    status.requireAvailable(StatusComponent.LOGIN);
    limiter.acquire("login", ip, rules.loginsPerMinutePerIp(), LIMIT_WINDOW);
    Attempt attempt = tx.execute(txStatus -> attempt(email == null ? "" : email.strip(),
        password == null ? "" : password, SecondFactor.NONE, true, SessionKind.WEB, ip,
        userAgent));
    return attempt instanceof Attempt.Challenged c
        ? new PasswordChecked.SecondFactorNeeded(c.opened().token(), c.opened().expiresAt())
        : new PasswordChecked.SignedIn(signedIn(attempt));
  }

  @Override
  public SignIn finishWebSignIn(String challenge, SecondFactor secondFactor, String ip,
      String userAgent) {
    return signedIn(tx.execute(txStatus -> finish(challenge, secondFactor, ip, userAgent)));
  }

  private SignIn signedIn(Attempt attempt) {
    return switch (attempt) {
      case Attempt.Success s -> s.signIn();
      case Attempt.Locked l -> throw locked(l.until(), l.hard(), now());
      case Attempt.Refused r -> throw refused(r);
      case Attempt.Challenged c -> throw new IllegalStateException("challenge not asked for");
    };
  }

  /** One sign-in attempt, decided and recorded in one transaction with the user's row locked. */
  private Attempt attempt(String email, String password, SecondFactor secondFactor,
      boolean mayChallenge, SessionKind kind, String ip, String ua) {
    Instant now = now();
    Optional<UserRow> found = users.lockByEmail(email);
    if (found.isEmpty()) {
      return unknownAddress(email, password, ip, ua, now);
    }
    UserRow user = found.get();
    Lockout.State state = new Lockout.State(user.failedLogins(), user.temporaryLocks(),
        user.lockedUntil(), user.lockedHard());
    if (state.lockedAt(now)) {
      hasher.spendTimeAsIfChecking(password);
      history.record(user.id(), user.email(), now, ip, ua, "locked", "account_locked");
      audit.bySystem("sign_in_failed", user.id(), "reason", "account_locked", "ip", ip);
      return new Attempt.Locked(user.lockedUntil(), user.lockedHard());
    }
    if (!hasher.matches(password, user.passwordHash())) {
      return failed(user, now, ip, ua, "wrong_password", ErrorCode.INVALID_CREDENTIALS);
    }
    if (user.underRecovery()) {
      // The password is the one reported stolen: only the e-mailed reset link opens the account.
      // Told only to someone who knows the password, so it reveals nothing to a guesser.
      history.record(user.id(), user.email(), now, ip, ua, "locked", "recovery_required");
      audit.bySystem("sign_in_failed", user.id(), "reason", "recovery_required", "ip", ip);
      return new Attempt.Refused(ErrorCode.ACCOUNT_RECOVERY_REQUIRED);
    }
    if (users.passwordResetRequired(user.id())) {
      return resetRequired(user, now, ip, ua);
    }
    return afterPassword(user, password, secondFactor, mayChallenge, kind, ip, ua, now);
  }

  /**
   * A sign-in with an address that has no account gets the answer a registered address with a
   * wrong password would get, locks included (the same rules on a row of its own), after the
   * same work: a row lock, a password hash, the day's failures, a write and a history line.
   */
  private Attempt unknownAddress(String email, String password, String ip, String ua,
      Instant now) {
    String address = email.toLowerCase(Locale.ROOT);
    if (address.length() > RegistrationRules.EMAIL_LENGTH_MAX || address.indexOf('@') < 0) {
      // Cannot be anyone's address, so there is nothing to hide; still the same hashing time.
      hasher.spendTimeAsIfChecking(password);
      history.record(null, truncate(email, RegistrationRules.EMAIL_LENGTH_MAX), now, ip, ua, "failure",
          "unknown_email");
      audit.unknownAddress("sign_in_failed", email, "reason", "unknown_email", "ip", ip);
      return new Attempt.Refused(ErrorCode.INVALID_CREDENTIALS);
    }
    Lockout.State state = unknownLockouts.lock(address, now);
    hasher.spendTimeAsIfChecking(password);
    if (state.lockedAt(now)) {
      history.record(null, address, now, ip, ua, "locked", "account_locked");
      audit.unknownAddress("sign_in_failed", address, "reason", "account_locked", "ip", ip);
      return new Attempt.Locked(state.lockedUntil(), state.lockedHard());
    }
    int today = unknownLockouts.failuresSince(address, now.minus(LoginFailures.DAY)) + 1;
    Lockout.State next = Lockout.afterFailure(state, false, today, now, rules);
    unknownLockouts.save(address, next, now);
    history.record(null, address, now, ip, ua, "failure", "unknown_email");
    // Logged like a registered address's failure, lock included, with the same work.
    audit.unknownAddress("sign_in_failed", address, "reason", "unknown_email", "ip", ip);
    if (next.lockedAt(now) && !state.lockedAt(now)) {
      audit.unknownAddress("locked", address, "until",
          next.lockedHard() ? null : String.valueOf(next.lockedUntil()),
          "hard", String.valueOf(next.lockedHard()));
    }
    // A customer's numbers: what a registered customer with a wrong password would be told.
    return next.lockedAt(now) ? new Attempt.Locked(next.lockedUntil(), next.lockedHard())
        : new Attempt.Refused(ErrorCode.INVALID_CREDENTIALS,
            Lockout.warning(next, false, today, rules));
  }

  /**
   * The password was right (now, or when the challenge was opened): the second factor when the
   * user has one, then the session. A right password alone changes nothing for a 2FA user, so
   * it cannot end a run of wrong codes.
   */
  private Attempt afterPassword(UserRow user, String password, SecondFactor secondFactor,
      boolean mayChallenge, SessionKind kind, String ip, String ua, Instant now) {
    TwoFactorService.Check check = twoFactor.check(user.id(), secondFactor, now);
    switch (check) {
      case MISSING -> {
        return mayChallenge ? new Attempt.Challenged(challenges.open(user.id(), now))
            : new Attempt.Refused(ErrorCode.SECOND_FACTOR_REQUIRED);
      }
      case WRONG -> {
        return failed(user, now, ip, ua, "wrong_second_factor", ErrorCode.INVALID_SECOND_FACTOR);
      }
      case NOT_ENROLLED, TOTP, RECOVERY_CODE -> { }
    }
    users.recordSuccess(user.id(), password != null && hasher.needsRehash(user.passwordHash())
        ? hasher.hash(password) : null);
    if (history.isNewDevice(user.id(), Devices.describe(ua))) {
      recovery.sendNewDevice(user, Devices.describe(ua), ip, now);
    }
    history.record(user.id(), user.email(), now, ip, ua, "success", check.historyReason);
    SignIn signIn = openSession(user, kind, ip, ua, now);
    audit.byUser("sign_in", user.id(), "ip", ip, "method", check.historyReason,
        "session", kind.name().toLowerCase(Locale.ROOT), "device", Devices.describe(ua));
    return new Attempt.Success(signIn);
  }

  /**
   * Support forced a password reset: the right password is refused until the owner sets a new
   * one from the e-mailed link. Told only to someone who knows the password.
   */
  private Attempt resetRequired(UserRow user, Instant now, String ip, String ua) {
    history.record(user.id(), user.email(), now, ip, ua, "locked", "password_reset_required");
    audit.bySystem("sign_in_failed", user.id(), "reason", "password_reset_required", "ip", ip);
    return new Attempt.Refused(ErrorCode.PASSWORD_RESET_REQUIRED);
  }

  /** The web sign-in's second step, in one transaction with the user's row locked. */
  private Attempt finish(String challenge, SecondFactor secondFactor, String ip, String ua) {
    Instant now = now();
    Optional<UserRow> found = challenges.owner(challenge, now).flatMap(users::lockById);
    // Checked again under the lock: a concurrent second step with the same challenge has
    // committed (and used it) or not started.
    if (found.isEmpty() || challenges.owner(challenge, now).isEmpty()) {
      return new Attempt.Refused(ErrorCode.SIGN_IN_EXPIRED);
    }
    UserRow user = found.get();
    if (LoginFailures.stateOf(user).lockedAt(now)) {
      history.record(user.id(), user.email(), now, ip, ua, "locked", "account_locked");
      audit.bySystem("sign_in_failed", user.id(), "reason", "account_locked", "ip", ip);
      return new Attempt.Locked(user.lockedUntil(), user.lockedHard());
    }
    if (user.underRecovery()) {
      // A challenge opened with the stolen password before the report must not finish.
      history.record(user.id(), user.email(), now, ip, ua, "locked", "recovery_required");
      audit.bySystem("sign_in_failed", user.id(), "reason", "recovery_required", "ip", ip);
      return new Attempt.Refused(ErrorCode.ACCOUNT_RECOVERY_REQUIRED);
    }
    if (users.passwordResetRequired(user.id())) {
      return resetRequired(user, now, ip, ua);
    }
    if (secondFactor.isEmpty()) {
      return new Attempt.Refused(ErrorCode.SECOND_FACTOR_REQUIRED);
    }
    Attempt attempt = afterPassword(user, null, secondFactor, false, SessionKind.WEB, ip, ua, now);
    if (attempt instanceof Attempt.Success) {
      challenges.use(challenge, now);
    } else {
      challenges.fail(challenge);
    }
    return attempt;
  }

  private Attempt failed(UserRow user, Instant now, String ip, String ua, String reason,
      ErrorCode refusal) {
    LoginFailures.Outcome outcome = failures.recordWarning(user, now, ip, ua, reason);
    audit.bySystem("sign_in_failed", user.id(), "reason", reason, "ip", ip);
    Lockout.State next = outcome.next();
    return next.lockedAt(now) ? new Attempt.Locked(next.lockedUntil(), next.lockedHard())
        : new Attempt.Refused(refusal, outcome.warning());
  }

  private SignIn openSession(UserRow user, SessionKind kind, String ip, String ua, Instant now) {
    String token = Secrets.newToken(SESSION_TOKEN_BYTES);
    UUID id = UUID.randomUUID();
    Duration idle = kind == SessionKind.API ? rules.sessionMax()
        : user.role().staff() ? rules.staffIdle() : rules.customerIdle();
    Instant expires = now.plus(rules.sessionMax());
    sessions.insert(id, user.id(), kind.name().toLowerCase(Locale.ROOT), Secrets.sha256(token),
        ip, truncate(ua, 512), now, idle, expires);
    return new SignIn(token, expires, currentUser(user, id));
  }

  /** The user behind a session secret, if the session is live; refreshes its last-seen time. */
  Optional<CurrentUser> authenticate(String token) {
    if (token == null || token.isEmpty() || token.length() > 100) {
      return Optional.empty();
    }
    Instant now = now();
    byte[] hash = Secrets.sha256(token);
    long readAt = sessionCache.generation();
    SessionCache.Held held = sessionCache.get(hash);
    boolean keep = false;
    if (held == null || !held.liveAt(now)) {
      // Not held, or held as timed out (another instance may have seen it since): the
      // database decides, as on every request before the cache.
      held = sessions.signedInByTokenHash(hash)
          .filter(signedIn -> signedIn.session().liveAt(now))
          .map(signedIn -> SessionCache.Held.of(
              currentUser(signedIn.user(), signedIn.session().id()), signedIn.session()))
          .orElse(null);
      if (held == null) {
        return Optional.empty();
      }
      keep = true;
    }
    // Last-seen is still written at most once a TOUCH_INTERVAL per session (per instance).
    if (Duration.between(held.lastSeenAt(), now).compareTo(SessionStore.TOUCH_INTERVAL) > 0) {
      sessions.touch(held.user().sessionId(), now);
      held = held.seenAt(now);
      keep = true;
    }
    if (keep) {
      sessionCache.keep(hash, held, readAt);
    }
    return Optional.of(held.user());
  }

  @Override
  public void signOut(CurrentUser user) {
    sessions.revoke(user.userId(), user.sessionId(), now());
  }

  @Override
  public List<SessionView> sessions(CurrentUser user) {
    return sessions.liveOf(user.userId(), now()).stream()
        .map(s -> new SessionView(s.id(), s.kind(), Devices.describe(s.userAgent()), s.ip(),
            s.createdAt(), s.lastSeenAt(), s.expiresAt(), s.id().equals(user.sessionId())))
        .toList();
  }

  @Override
  public void revokeSession(CurrentUser user, UUID sessionId) {
    if (!sessions.revoke(user.userId(), sessionId, now())) {
      throw new OkPayException(ErrorCode.SESSION_NOT_FOUND);
    }
  }

  @Override
  public int revokeOtherSessions(CurrentUser user) {
    return sessions.revokeAllExcept(user.userId(), user.sessionId(), now());
  }

  @Override
  public List<LoginAttempt> loginHistory(CurrentUser user, int limit) {
    return history.recent(user.userId(), Math.clamp(limit, 1, HISTORY_LIMIT_MAX));
  }

  private static CurrentUser currentUser(UserRow u, UUID sessionId) {
    return new CurrentUser(u.id(), u.email(), u.displayName(), u.role(), u.language(),
        u.emailVerifiedAt() != null, sessionId, u.country(), u.zone());
  }

  @Override
  public ZoneId changeTimeZone(CurrentUser user, String timeZone) {
    ZoneId zone = ReaderZone.parse(timeZone).orElseThrow(() -> FieldErrors.exception(
        ErrorCode.VALIDATION_FAILED,
        List.of(FieldErrors.error("timeZone", FieldErrors.UNKNOWN))));
    users.setTimeZone(user.userId(), ReaderZone.id(zone));
    return zone;
  }

  /** A refusal; from the third failure in a row it says how many tries are left. */
  private static OkPayException refused(Attempt.Refused r) {
    if (r.warning() == null) {
      return new OkPayException(r.code());
    }
    return new OkPayException(r.code(), Map.of("attemptsLeft", r.warning().attemptsLeft(),
        "warning", r.warning()));
  }

  static OkPayException locked(Instant until, boolean hard, Instant now) {
    LockAdvice advice = new LockAdvice(hard ? null : until, now);
    Map<String, Object> properties = hard || until == null
        ? Map.of("unlock", "reset_password_or_contact_support", "advice", advice)
        : Map.of("lockedUntil", until.toString(), "unlock", "wait_or_reset_password",
            "advice", advice);
    return new OkPayException(ErrorCode.ACCOUNT_LOCKED, properties);
  }

  private Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.MICROS);
  }

  private static String truncate(String s, int max) {
    return s == null || s.length() <= max ? s : s.substring(0, max);
  }

  /** The outcome of one attempt, decided inside the transaction, thrown outside it. */
  private sealed interface Attempt {
    record Success(SignIn signIn) implements Attempt { }

    record Locked(Instant until, boolean hard) implements Attempt { }

    /** {@code warning}: tries left before a lock, from the third failure in a row; or null. */
    record Refused(ErrorCode code, LockWarning warning) implements Attempt {
      Refused(ErrorCode code) {
        this(code, null);
      }
    }

    record Challenged(SignInChallenges.Opened opened) implements Attempt { }
  }

  static boolean isCurrency(String code) {
    try {
      Currency.getInstance(code);
      return true;
    } catch (IllegalArgumentException | NullPointerException e) {
      return false;
    }
  }
}
