package org.okpay.identity.internal;

import static org.okpay.notify.EmailRequest.TIME_ZONE;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;
import org.okpay.identity.CurrentUser;
import org.okpay.identity.SecondFactor;
import org.okpay.identity.TwoFactorApi;
import org.okpay.identity.internal.TwoFactorStore.TwoFactorRow;
import org.okpay.notify.EmailRequest;
import org.okpay.notify.EmailTemplate;
import org.okpay.notify.InAppRequest;
import org.okpay.notify.InAppTemplate;
import org.okpay.notify.NotifyApi;
import org.okpay.shared.ErrorCode;
import org.okpay.shared.OkPayException;
import org.springframework.context.MessageSource;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * TOTP two-factor authentication: setup, switching off, recovery codes, and the check of a
 * second factor that sign-in, password reset and step-up share. Every decision is made in a
 * transaction holding the user's row lock (the same lock sign-in takes), so attempts on one
 * account are counted one at a time and a code is accepted at most once.
 */
@Service
class TwoFactorService implements TwoFactorApi {

  /** What a second factor given for a user whose row is locked turned out to be. */
  enum Check {
    NOT_ENROLLED("password"),
    MISSING(null),
    TOTP("password_and_totp"),
    RECOVERY_CODE("password_and_recovery_code"),
    WRONG(null);

    /** The reason a successful sign-in is recorded with in the login history. */
    final String historyReason;

    Check(String historyReason) {
      this.historyReason = historyReason;
    }
  }

  private static final SecureRandom RANDOM = new SecureRandom();
  /** Wrong second factors at a password reset in 24 hours before the reset refuses codes. */
  static final int RESET_CODE_FAILURES_PER_DAY = 5;
  /** The login-history reason of a wrong second factor at a password reset. */
  static final String RESET_CODE_FAILURE = "wrong_second_factor_at_reset";

  private final TwoFactorStore store;
  private final UserStore users;
  private final LoginFailures failures;
  private final LoginHistoryStore history;
  private final SecretBox box;
  private final TwoFactorProperties rules;
  private final TransactionTemplate tx;
  private final TransactionTemplate ownTx;
  private final NotifyApi notify;
  private final MessageSource messages;
  private final AccountRecovery recovery;
  private final Clock clock;
  private final IdentityAudit audit;

  TwoFactorService(TwoFactorStore store, UserStore users, LoginFailures failures,
      LoginHistoryStore history, SecretBox box,
      TwoFactorProperties rules, PlatformTransactionManager transactions, NotifyApi notify,
      MessageSource messages, AccountRecovery recovery, Clock clock, IdentityAudit audit) {
    this.audit = audit;
    this.store = store;
    this.users = users;
    this.failures = failures;
    this.history = history;
    this.box = box;
    this.rules = rules;
    this.tx = new TransactionTemplate(transactions);
    this.ownTx = new TransactionTemplate(transactions);
    this.ownTx.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
    this.notify = notify;
    this.messages = messages;
    this.recovery = recovery;
    this.clock = clock;
  }

  @Override
  public TwoFactorStatus status(CurrentUser user) {
    return store.byUser(user.userId()).filter(TwoFactorRow::enabled)
        .map(r -> new TwoFactorStatus(true, r.enabledAt(), store.recoveryCodesLeft(r.userId())))
        .orElse(new TwoFactorStatus(false, null, 0));
  }

  @Override
  public TwoFactorSetup start(CurrentUser user) {
    byte[] secret = new byte[TotpCodes.SECRET_BYTES];
    RANDOM.nextBytes(secret);
    Instant now = now();
    boolean started = Boolean.TRUE.equals(tx.execute(s -> {
      IdentityService.requireNotUnderRecovery(users.lockById(user.userId()).orElseThrow());
      return store.startPending(user.userId(), box.seal(user.userId(), secret), now);
    }));
    if (!started) {
      throw new OkPayException(ErrorCode.TWO_FACTOR_ALREADY_ENABLED);
    }
    return setup(user.email(), secret, now);
  }

  @Override
  public Optional<TwoFactorSetup> pendingSetup(CurrentUser user) {
    Instant now = now();
    return store.byUser(user.userId()).filter(r -> pendingAt(r, now))
        .map(r -> setup(user.email(), box.open(r.userId(), r.secret()), r.startedAt()));
  }

  @Override
  public List<String> confirm(CurrentUser user, String code) {
    Instant now = now();
    List<String> codes = RecoveryCodes.generate();
    SecondFactor factor = SecondFactor.of(code);
    Decision decision = tx.execute(s -> {
      UserRow row = users.lockById(user.userId()).orElseThrow();
      if (row.underRecovery()) {
        return Decision.refused(ErrorCode.ACCOUNT_RECOVERY_REQUIRED);
      }
      Optional<TwoFactorRow> found = store.byUser(row.id());
      if (found.isPresent() && found.get().enabled()) {
        return Decision.refused(ErrorCode.TWO_FACTOR_ALREADY_ENABLED);
      }
      if (found.isEmpty() || !pendingAt(found.get(), now)) {
        return Decision.refused(ErrorCode.TWO_FACTOR_SETUP_NOT_STARTED);
      }
      if (factor.totp() == null) {
        return Decision.refused(factor.isEmpty() ? ErrorCode.SECOND_FACTOR_REQUIRED
            : ErrorCode.INVALID_SECOND_FACTOR);
      }
      // A wrong code here is not counted toward the lockout: the secret is new, and whoever
      // holds this session chose it, so there is nothing to guess.
      OptionalLong step = TotpCodes.match(box.open(row.id(), found.get().secret()),
          factor.totp(), now, found.get().lastStep());
      if (step.isEmpty()) {
        return Decision.refused(ErrorCode.INVALID_SECOND_FACTOR);
      }
      // From here the setup must succeed.
      store.enable(row.id(), step.getAsLong(), now);
      store.replaceRecoveryCodes(row.id(), hashes(row.id(), codes), now);
      alert(row, "twoFactorEnabled");
      audit.byUser("two_factor_enabled", row.id());
      return Decision.PASSED;
    });
    decision.throwIfRefused();
    return codes;
  }

  @Override
  public void disable(CurrentUser user, String code) {
    Instant now = now();
    Decision decision = tx.execute(s -> {
      StepUp stepUp = changeStepUp(user.userId(), SecondFactor.of(code), now);
      if (stepUp.decision().passed()) {
        store.delete(user.userId());
        alert(stepUp.user(), "twoFactorDisabled");
        audit.byUser("two_factor_disabled", user.userId());
      }
      return stepUp.decision();
    });
    decision.throwIfRefused();
  }

  @Override
  public List<String> regenerateRecoveryCodes(CurrentUser user, String code) {
    Instant now = now();
    List<String> codes = RecoveryCodes.generate();
    Decision decision = tx.execute(s -> {
      StepUp stepUp = changeStepUp(user.userId(), SecondFactor.of(code), now);
      if (stepUp.decision().passed()) {
        store.replaceRecoveryCodes(user.userId(), hashes(user.userId(), codes), now);
        audit.byUser("recovery_codes_regenerated", user.userId());
      }
      return stepUp.decision();
    });
    decision.throwIfRefused();
    return codes;
  }

  @Override
  public void requireFreshSecondFactor(CurrentUser user, String code) {
    requireFresh(user.userId(), SecondFactor.of(code));
  }

  /** A fresh second factor for a step-up; own transaction, so a wrong code stays counted. */
  void requireFresh(UUID userId, SecondFactor code) {
    Instant now = now();
    Decision decision = ownTx.execute(s -> stepUp(userId, code, false, now).decision());
    decision.throwIfRefused();
  }

  /**
   * A password reset of a user with two-factor on needs the second factor too: otherwise the
   * mailbox alone would take over the account. Nothing for users without it. Unlike a step-up
   * it is not stopped by a sign-in lock: anyone can lock an account with wrong passwords, and
   * the reset link is how its owner gets in without waiting. Guessing codes here is bounded on
   * its own instead: {@link #RESET_CODE_FAILURES_PER_DAY} wrong codes at reset in 24 hours
   * (counted toward the sign-in lockout as well) close this way for the rest of that day. Own
   * transaction, before the reset's: a wrong code stays counted.
   */
  void requireFreshForReset(UUID userId, SecondFactor code) {
    Instant now = now();
    Decision decision = ownTx.execute(s -> {
      UserRow user = users.lockById(userId).orElseThrow();
      if (!store.enabled(userId)) {
        return Decision.PASSED;
      }
      if (history.failuresSince(userId, now.minus(LoginFailures.DAY), RESET_CODE_FAILURE)
          >= RESET_CODE_FAILURES_PER_DAY) {
        return new Decision(IdentityService.locked(now.plus(LoginFailures.DAY), false, now));
      }
      return switch (check(userId, code, now)) {
        case NOT_ENROLLED, TOTP, RECOVERY_CODE -> Decision.PASSED;
        case MISSING -> Decision.refused(ErrorCode.SECOND_FACTOR_REQUIRED);
        case WRONG -> {
          failures.record(user, now, currentIp(), null, RESET_CODE_FAILURE);
          yield Decision.refused(ErrorCode.INVALID_SECOND_FACTOR);
        }
      };
    });
    decision.throwIfRefused();
  }

  @Override
  public boolean resetNeedsSecondFactor(String resetToken) {
    return resetToken != null && !resetToken.isEmpty() && resetToken.length() <= 100
        && recovery.peekReset(resetToken).map(store::enabled).orElse(false);
  }

  /**
   * The second factor of a user whose row the caller has locked. Accepting a code uses it up:
   * a TOTP step is recorded as the last one, a recovery code is marked used.
   */
  Check check(UUID userId, SecondFactor code, Instant now) {
    Optional<TwoFactorRow> row = store.byUser(userId).filter(TwoFactorRow::enabled);
    if (row.isEmpty()) {
      return Check.NOT_ENROLLED;
    }
    if (code.isEmpty()) {
      return Check.MISSING;
    }
    if (code.totp() != null) {
      OptionalLong step = TotpCodes.match(box.open(userId, row.get().secret()), code.totp(), now,
          row.get().lastStep());
      return step.isPresent() && store.advanceStep(userId, step.getAsLong())
          ? Check.TOTP : Check.WRONG;
    }
    String normalized = RecoveryCodes.normalize(code.recoveryCode());
    if (normalized != null
        && store.useRecoveryCode(userId, RecoveryCodes.hash(userId, normalized), now)) {
      audit.byUser("recovery_code_used", userId,
          "left", Integer.toString(store.recoveryCodesLeft(userId)));
      return Check.RECOVERY_CODE;
    }
    return Check.WRONG;
  }

  /**
   * Inside a transaction: locks the user's row and checks a fresh second factor. Guards in
   * order: two-factor off (passes, or {@code two_factor_not_enabled} when the action needs it
   * on), account locked, no code, wrong code (counted toward the lockout).
   */
  private StepUp stepUp(UUID userId, SecondFactor code, boolean mustBeEnabled, Instant now) {
    UserRow user = users.lockById(userId).orElseThrow();
    if (!store.enabled(userId)) {
      return new StepUp(user, mustBeEnabled
          ? Decision.refused(ErrorCode.TWO_FACTOR_NOT_ENABLED) : Decision.PASSED);
    }
    if (LoginFailures.stateOf(user).lockedAt(now)) {
      return new StepUp(user, new Decision(
          IdentityService.locked(user.lockedUntil(), user.lockedHard(), now)));
    }
    return new StepUp(user, switch (check(userId, code, now)) {
      case NOT_ENROLLED, TOTP, RECOVERY_CODE -> Decision.PASSED;
      case MISSING -> Decision.refused(ErrorCode.SECOND_FACTOR_REQUIRED);
      case WRONG -> {
        Lockout.State next = failures.record(user, now, currentIp(), null, "wrong_second_factor");
        yield next.lockedAt(now)
            ? new Decision(IdentityService.locked(next.lockedUntil(), next.lockedHard(), now))
            : Decision.refused(ErrorCode.INVALID_SECOND_FACTOR);
      }
    });
  }

  /** A step-up for changing two-factor itself: refused while a "hacked" report is open. */
  private StepUp changeStepUp(UUID userId, SecondFactor code, Instant now) {
    UserRow user = users.lockById(userId).orElseThrow();
    return user.underRecovery()
        ? new StepUp(user, Decision.refused(ErrorCode.ACCOUNT_RECOVERY_REQUIRED))
        : stepUp(userId, code, true, now);
  }

  private boolean pendingAt(TwoFactorRow row, Instant now) {
    return !row.enabled() && now.isBefore(row.startedAt().plus(rules.setupValidity()));
  }

  private TwoFactorSetup setup(String email, byte[] secret, Instant startedAt) {
    String base32 = TotpCodes.base32(secret);
    String issuer = uriEncode(rules.issuer());
    String uri = "otpauth://totp/" + issuer + ":" + uriEncode(email) + "?secret=" + base32
        + "&issuer=" + issuer + "&algorithm=SHA1&digits=" + TotpCodes.DIGITS
        + "&period=" + TotpCodes.STEP_SECONDS;
    return new TwoFactorSetup(base32, uri, QrCodes.svgDataUri(uri),
        startedAt.plus(rules.setupValidity()));
  }

  private static List<byte[]> hashes(UUID userId, List<String> codes) {
    return codes.stream().map(c -> RecoveryCodes.hash(userId, RecoveryCodes.normalize(c)))
        .toList();
  }

  /** "Two-factor was switched on/off", in the user's language, queued in this transaction. */
  private void alert(UserRow user, String key) {
    Locale locale = Locale.forLanguageTag(user.language());
    notify.email(new EmailRequest(user.email(), locale, EmailTemplate.GENERIC, Map.of(
        "subject", text("mail." + key + ".subject", locale),
        "heading", text("mail." + key + ".heading", locale),
        "message", text("mail." + key + ".message", locale),
        "name", user.displayName(),
        "link", recovery.link("/account", ""),
        "linkText", text("mail." + key + ".link", locale))));
    notify.inApp(new InAppRequest(user.id().toString(), locale,
        key.endsWith("Enabled") ? InAppTemplate.TWO_FACTOR_ENABLED : InAppTemplate.TWO_FACTOR_DISABLED,
        Map.of(TIME_ZONE, user.zoneId(),
            "time", now()), "/account", null));
  }

  private String text(String key, Locale locale) {
    return messages.getMessage(key, null, key, locale);
  }

  private static String uriEncode(String text) {
    return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
  }

  /** For the login history of a step-up: the request's address, when there is a request. */
  private static String currentIp() {
    return RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes a
        ? a.getRequest().getRemoteAddr() : null;
  }

  private Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.MICROS);
  }

  /** A decision made inside a transaction; a refusal is thrown after the transaction commits. */
  private record Decision(OkPayException refusal) {

    static final Decision PASSED = new Decision(null);

    static Decision refused(ErrorCode code) {
      return new Decision(new OkPayException(code));
    }

    boolean passed() {
      return refusal == null;
    }

    void throwIfRefused() {
      if (refusal != null) {
        throw refusal;
      }
    }
  }

  private record StepUp(UserRow user, Decision decision) {
  }
}
