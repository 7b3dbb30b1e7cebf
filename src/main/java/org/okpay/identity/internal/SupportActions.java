package org.okpay.identity.internal;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.okpay.audit.AuditApi;
import org.okpay.audit.AuditEvent;
import org.okpay.identity.AccountFrozenBySupport;
import org.okpay.identity.AccountUnfrozen;
import org.okpay.identity.IdentityApi.RecoveryState;
import org.okpay.identity.IdentityApi.RecoveryState.Stage;
import org.okpay.identity.LoginAttempt;
import org.okpay.identity.Role;
import org.okpay.identity.SessionView;
import org.okpay.identity.SupportActionsApi;
import org.okpay.notify.EmailRequest;
import org.okpay.notify.EmailTemplate;
import org.okpay.notify.InAppRequest;
import org.okpay.notify.InAppTemplate;
import org.okpay.notify.NotifyApi;
import org.okpay.shared.ErrorCode;
import org.okpay.shared.FieldErrors;
import org.okpay.shared.OkPayException;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.MessageSource;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Support's reads and actions on a customer's account (the agent console). Each action is a run
 * of guards (staff role, reason, the target, the checklist), then one transaction that locks the
 * user's row, makes the change, tells the owner and appends the audit row: the change and its
 * audit row commit together or not at all.
 */
@Service
class SupportActions implements SupportActionsApi {

  private final UserStore users;
  private final SupportActionsStore store;
  private final SessionStore sessions;
  private final LoginHistoryStore history;
  private final TwoFactorStore twoFactor;
  private final AccountRecovery recovery;
  private final NotifyApi notify;
  private final AuditApi audit;
  private final ApplicationEventPublisher events;
  private final MessageSource messages;
  private final TransactionTemplate tx;
  private final Clock clock;

  SupportActions(UserStore users, SupportActionsStore store, SessionStore sessions,
      LoginHistoryStore history, TwoFactorStore twoFactor, AccountRecovery recovery,
      NotifyApi notify, AuditApi audit, ApplicationEventPublisher events,
      MessageSource messages, TransactionTemplate tx, Clock clock) {
    this.users = users;
    this.store = store;
    this.sessions = sessions;
    this.history = history;
    this.twoFactor = twoFactor;
    this.recovery = recovery;
    this.notify = notify;
    this.audit = audit;
    this.events = events;
    this.messages = messages;
    this.tx = tx;
    this.clock = clock;
  }

  // ---- Reads ----

  @Override
  public List<CustomerMatch> find(Actor actor, String query, int limit) {
    requireStaff(actor);
    String text = query == null ? "" : query.strip();
    if (text.length() < QUERY_LENGTH_MIN) {
      throw FieldErrors.invalid("q", FieldErrors.TOO_SHORT);
    }
    if (text.length() > QUERY_LENGTH_MAX) {
      throw FieldErrors.invalid("q", FieldErrors.TOO_LONG);
    }
    if (limit < 1 || limit > SEARCH_LIMIT_MAX) {
      throw FieldErrors.invalid("limit", FieldErrors.OUT_OF_RANGE);
    }
    UUID id = uuidOrNull(text);
    return tx.execute(s -> {
      List<CustomerMatch> found = store.find(text, id, now(), limit);
      audit.append(event(actor, "support.customer_search", null, null,
          Map.of("query", text, "results", String.valueOf(found.size()))));
      return found;
    });
  }

  @Override
  public CustomerProfile profile(Actor actor, UUID userId) {
    requireStaff(actor);
    UserRow user = user(userId);
    SupportActionsStore.Extra extra = store.extra(userId).orElseThrow();
    Instant now = now();
    Lockout.State lock = LoginFailures.stateOf(user);
    boolean locked = lock.lockedAt(now);
    CustomerProfile profile = new CustomerProfile(user.id(), user.email(),
        user.emailVerifiedAt() != null, user.displayName(), user.phone(),
        user.phoneConfirmedAt() != null, user.role(), user.language(), user.country(),
        extra.createdAt(), user.zoneId(), twoFactor.enabled(userId),
        new Lock(locked, user.lockedHard(),
            locked && !user.lockedHard() ? user.lockedUntil() : null, user.failedLogins()),
        freezeOf(user, extra.frozenBy()).orElse(null), recoveryState(user, extra.frozenBy()));
    tx.executeWithoutResult(s -> audit.append(event(actor, "support.customer_viewed", userId,
        null, Map.of())));
    return profile;
  }

  @Override
  public List<LoginAttempt> signIns(Actor actor, UUID userId, int limit) {
    requireStaff(actor);
    user(userId);
    return history.recent(userId, Math.clamp(limit, 1, SIGN_INS_MAX));
  }

  @Override
  public SignInDevices devices(Actor actor, UUID userId) {
    requireStaff(actor);
    user(userId);
    List<SessionView> live = sessions.liveOf(userId, now()).stream()
        .map(s -> new SessionView(s.id(), s.kind(), Devices.describe(s.userAgent()), s.ip(),
            s.createdAt(), s.lastSeenAt(), s.expiresAt(), false))
        .toList();
    return new SignInDevices(store.devices(userId), live);
  }

  @Override
  public Optional<AccountFreeze> freezeOf(UUID userId) {
    return users.byId(userId)
        .flatMap(u -> freezeOf(u, store.extra(userId).map(SupportActionsStore.Extra::frozenBy)
            .orElse(null)));
  }

  // ---- Actions ----

  @Override
  public ActionResult unlock(Actor actor, UUID userId, String reason) {
    String why = guard(actor, userId, reason, false);
    return tx.execute(s -> {
      users.lockById(userId).orElseThrow(() -> new OkPayException(ErrorCode.USER_NOT_FOUND));
      boolean changed = store.unlock(userId);
      return done(actor, userId, "unlock", changed ? "unlocked" : "not_locked", changed, why,
          Map.of());
    });
  }

  @Override
  public ActionResult freeze(Actor actor, UUID userId, String reason) {
    String why = guard(actor, userId, reason, false);
    return tx.execute(s -> {
      UserRow user = users.lockById(userId)
          .orElseThrow(() -> new OkPayException(ErrorCode.USER_NOT_FOUND));
      Instant now = now();
      boolean changed = store.freeze(userId, now);
      if (changed) {
        // Sending is refused from this commit on; payments freezes the wallets from the event.
        events.publishEvent(new AccountFrozenBySupport(userId, now));
        mail(user, "frozen");
      }
      return done(actor, userId, "freeze", changed ? "frozen" : "already_frozen", changed, why,
          Map.of());
    });
  }

  @Override
  public ActionResult unfreeze(Actor actor, UUID userId, String reason, Set<String> checklist) {
    String why = guard(actor, userId, reason, false);
    return tx.execute(s -> {
      UserRow user = users.lockById(userId)
          .orElseThrow(() -> new OkPayException(ErrorCode.USER_NOT_FOUND));
      String frozenBy = store.extra(userId).orElseThrow().frozenBy();
      Optional<AccountFreeze> freeze = freezeOf(user, frozenBy);
      if (freeze.isEmpty()) {
        return done(actor, userId, "unfreeze", "not_frozen", false, why, Map.of());
      }
      Map<String, String> details = new LinkedHashMap<>();
      details.put("frozen_by", freeze.get().by().name().toLowerCase(Locale.ROOT));
      if (freeze.get().byHackedReport()) {
        // The owner must have taken the account back (a new password from the reset link)
        // after the report: the server checks it, a tick alone is not enough.
        requireTicked(checklist, UNFREEZE_CHECKLIST);
        RecoveryState state = recoveryState(user, frozenBy);
        if (state.recoveredAt() == null || state.reportedAt() == null
            || !state.recoveredAt().isAfter(state.reportedAt())) {
          throw new OkPayException(ErrorCode.PASSWORD_NOT_CHANGED_SINCE_REPORT);
        }
        store.saveChecklist(userId, actor.id(), "unfreeze", UNFREEZE_CHECKLIST,
            state.recoveredAt(), state.reportedAt(), why, now());
        details.put("checklist", String.join(",", UNFREEZE_CHECKLIST));
        details.put("password_changed_at", state.recoveredAt().toString());
      }
      // From here the unfreeze must succeed.
      if (!store.unfreeze(userId)) {
        throw new IllegalStateException("frozen row of " + userId + " not unfrozen");
      }
      events.publishEvent(new AccountUnfrozen(userId, now()));
      mail(user, "unfrozen");
      return done(actor, userId, "unfreeze", "unfrozen", true, why, details);
    });
  }

  @Override
  public ActionResult resetTwoFactor(Actor actor, UUID userId, String reason,
      Set<String> checklist) {
    String why = guard(actor, userId, reason, true);
    requireTicked(checklist, TWO_FACTOR_CHECKLIST);
    return tx.execute(s -> {
      UserRow user = users.lockById(userId)
          .orElseThrow(() -> new OkPayException(ErrorCode.USER_NOT_FOUND));
      if (twoFactor.byUser(userId).isEmpty()) {
        return done(actor, userId, "reset_two_factor", "two_factor_off", false, why, Map.of());
      }
      store.saveChecklist(userId, actor.id(), "reset_two_factor", TWO_FACTOR_CHECKLIST, null,
          null, why, now());
      twoFactor.delete(userId);
      mail(user, "twoFactorReset");
      notify.inApp(new InAppRequest(userId.toString(), locale(user),
          InAppTemplate.TWO_FACTOR_DISABLED, Map.of(EmailRequest.TIME_ZONE, user.zoneId(),
              "time", now()), "/account", null));
      return done(actor, userId, "reset_two_factor", "two_factor_reset", true, why,
          Map.of("checklist", String.join(",", TWO_FACTOR_CHECKLIST)));
    });
  }

  @Override
  public ActionResult resendVerification(Actor actor, UUID userId, String reason) {
    String why = guard(actor, userId, reason, false);
    return tx.execute(s -> {
      UserRow user = users.lockById(userId)
          .orElseThrow(() -> new OkPayException(ErrorCode.USER_NOT_FOUND));
      if (user.emailVerifiedAt() != null) {
        return done(actor, userId, "resend_verification", "already_verified", false, why,
            Map.of());
      }
      recovery.sendVerification(user);
      return done(actor, userId, "resend_verification", "verification_sent", true, why,
          Map.of());
    });
  }

  @Override
  public ActionResult forcePasswordReset(Actor actor, UUID userId, String reason) {
    String why = guard(actor, userId, reason, false);
    String base = recovery.baseUrl();
    return tx.execute(s -> {
      UserRow user = users.lockById(userId)
          .orElseThrow(() -> new OkPayException(ErrorCode.USER_NOT_FOUND));
      int ended = sessions.revokeAllExcept(userId, null, now());
      // The current password stops signing in; the e-mailed link sets a new one.
      users.requirePasswordReset(userId, now());
      recovery.sendReset(user, null, base);
      return done(actor, userId, "force_password_reset", "reset_sent", true, why,
          Map.of("sessions_ended", String.valueOf(ended)));
    });
  }

  // ---- Guards ----

  /**
   * The checks every action makes before its transaction, in order: staff, admin where needed,
   * the reason, the target exists and may be acted on by this staff member. Returns the
   * stripped reason.
   */
  private String guard(Actor actor, UUID userId, String reason, boolean adminOnly) {
    requireStaff(actor);
    if (adminOnly && actor.role() != Role.ADMIN) {
      throw new OkPayException(ErrorCode.FORBIDDEN);
    }
    String why = reason == null ? "" : reason.strip();
    if (why.isEmpty()) {
      throw new FieldErrors().add("reason", FieldErrors.REQUIRED)
          .exception(ErrorCode.REASON_REQUIRED);
    }
    if (why.length() > REASON_MAX) {
      throw FieldErrors.invalid("reason", FieldErrors.TOO_LONG);
    }
    UserRow target = user(userId);
    // Nobody lifts their own lock or freeze; only admins act on staff accounts.
    if (userId.equals(actor.id()) || (target.role().staff() && actor.role() != Role.ADMIN)) {
      throw new OkPayException(ErrorCode.FORBIDDEN);
    }
    return why;
  }

  private static void requireStaff(Actor actor) {
    if (actor == null || !actor.role().staff()) {
      throw new OkPayException(ErrorCode.FORBIDDEN);
    }
  }

  /** Every item must be ticked; the error names each missing one as {@code checklist.<item>}. */
  private static void requireTicked(Set<String> ticked, List<String> items) {
    FieldErrors missing = new FieldErrors();
    boolean any = false;
    for (String item : items) {
      if (ticked == null || !ticked.contains(item)) {
        missing.add("checklist." + item, FieldErrors.REQUIRED);
        any = true;
      }
    }
    if (any) {
      throw missing.exception(ErrorCode.CHECKLIST_INCOMPLETE);
    }
  }

  private UserRow user(UUID userId) {
    return users.byId(userId).orElseThrow(() -> new OkPayException(ErrorCode.USER_NOT_FOUND));
  }

  // ---- Shared pieces ----

  private ActionResult done(Actor actor, UUID userId, String action, String outcome,
      boolean changed, String reason, Map<String, String> details) {
    Map<String, String> all = new LinkedHashMap<>(details);
    all.put("outcome", outcome);
    long sequence = audit.append(event(actor, "support." + action, userId, reason, all));
    return new ActionResult(userId, action, outcome, changed, sequence);
  }

  private static AuditEvent event(Actor actor, String action, UUID subject, String reason,
      Map<String, String> details) {
    return new AuditEvent(action, actor.role() == Role.ADMIN ? "admin" : "agent",
        actor.id() == null ? "operator" : actor.id().toString(),
        subject == null ? null : "user", subject == null ? null : subject.toString(), reason,
        details);
  }

  /**
   * The freeze as support and the owner see it. A "hacked" report froze it unless support froze
   * it first and the report is older than that freeze (an earlier, settled report).
   */
  private Optional<AccountFreeze> freezeOf(UserRow user, String frozenBy) {
    if (user.frozenAt() == null) {
      return Optional.empty();
    }
    return Optional.of(frozenByReport(user, frozenBy)
        ? new AccountFreeze(FrozenBy.OWNER, user.frozenAt(), recoveryState(user, frozenBy)
            .stage(), user.compromiseReportedAt(), user.compromiseRecoveredAt())
        : new AccountFreeze(FrozenBy.SUPPORT, user.frozenAt(), Stage.NONE, null, null));
  }

  private static boolean frozenByReport(UserRow user, String frozenBy) {
    Instant reported = user.compromiseReportedAt();
    return user.frozenAt() != null && reported != null
        && (!"support".equals(frozenBy) || !reported.isBefore(user.frozenAt()));
  }

  /**
   * Identity's {@link RecoveryState}, except that a freeze by support after an old, settled
   * report is not "waiting for support to unfreeze a hacked account".
   */
  private static RecoveryState recoveryState(UserRow u, String frozenBy) {
    return new RecoveryState(u.underRecovery() ? Stage.AWAITING_RESET
        : frozenByReport(u, frozenBy) ? Stage.AWAITING_UNFREEZE : Stage.NONE,
        u.compromiseReportedAt(), u.compromiseRecoveredAt(), u.frozenAt());
  }

  /** Tells the owner what support did, in their language, queued with the change. */
  private void mail(UserRow user, String key) {
    Locale locale = locale(user);
    String prefix = "support.console.mail." + key + ".";
    notify.email(new EmailRequest(user.email(), locale, EmailTemplate.GENERIC, Map.of(
        "subject", text(prefix + "subject", locale),
        "heading", text(prefix + "heading", locale),
        "message", text(prefix + "message", locale),
        "name", user.displayName(),
        "link", recovery.link("/account", ""),
        "linkText", text("support.console.mail.link", locale))));
  }

  private String text(String key, Locale locale) {
    return messages.getMessage(key, null, key, locale);
  }

  private static Locale locale(UserRow user) {
    return Locale.forLanguageTag(user.language());
  }

  private static UUID uuidOrNull(String text) {
    try {
      return text.length() == 36 ? UUID.fromString(text) : null;
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  private Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.MICROS);
  }
}
