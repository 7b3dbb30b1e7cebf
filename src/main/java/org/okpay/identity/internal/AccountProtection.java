package org.okpay.identity.internal;

import static org.okpay.notify.EmailRequest.TIME_ZONE;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Map;
import org.okpay.identity.AccountCompromiseReported;
import org.okpay.identity.AccountUnfrozen;
import org.okpay.notify.EmailRequest;
import org.okpay.notify.EmailTemplate;
import org.okpay.notify.InAppRequest;
import org.okpay.notify.InAppTemplate;
import org.okpay.notify.NotifyApi;
import org.okpay.shared.ErrorCode;
import org.okpay.shared.OkPayException;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * "My account was hacked" and its undoing by support: freeze outgoing money at once (receiving
 * still works), end every session and token, send a reset link, tell support and the owner.
 */
@Component
class AccountProtection {

  private final JdbcClient jdbc;
  private final UserStore users;
  private final SessionStore sessions;
  private final EmailTokenStore tokens;
  private final AccountRecovery recovery;
  private final NotifyApi notify;
  private final ApplicationEventPublisher events;
  private final TransactionTemplate tx;
  private final Clock clock;
  private final IdentityAudit audit;

  AccountProtection(JdbcClient jdbc, UserStore users, SessionStore sessions,
      EmailTokenStore tokens, AccountRecovery recovery, NotifyApi notify,
      ApplicationEventPublisher events, TransactionTemplate tx, Clock clock,
      IdentityAudit audit) {
    this.jdbc = jdbc;
    this.users = users;
    this.sessions = sessions;
    this.tokens = tokens;
    this.recovery = recovery;
    this.notify = notify;
    this.events = events;
    this.tx = tx;
    this.clock = clock;
    this.audit = audit;
  }

  /**
   * Everything happens in one transaction, so a half-protected account cannot be left behind.
   * From here until the owner uses the reset link the old password signs in nowhere (see
   * {@link UserRow#underRecovery}).
   */
  void reportCompromise(java.util.UUID userId, String ip) {
    tx.executeWithoutResult(status -> {
      Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
      UserRow user = users.byId(userId).orElseThrow();
      // Sending stops with this commit (payments refuse while IdentityApi.frozen); payments
      // also freezes the wallets in the ledger from the event, moments after it.
      users.reportCompromise(userId, now);
      // A change of address asked for with the stolen password must not complete later.
      tokens.killAll(userId, EmailTokenStore.Purpose.CHANGE_EMAIL, now);
      sessions.revokeAllExcept(userId, null, now);
      recovery.sendReset(user, ip);
      Locale locale = Locale.forLanguageTag(user.language());
      notify.email(new EmailRequest(user.email(), locale, EmailTemplate.ACCOUNT_FROZEN,
          Map.of(TIME_ZONE, user.zoneId(),
            "time", now, "name", user.displayName())));
      notify.inApp(new InAppRequest(userId.toString(), locale, InAppTemplate.ACCOUNT_FROZEN,
          Map.of(TIME_ZONE, user.zoneId(),
            "time", now), null, null));
      events.publishEvent(new AccountCompromiseReported(userId, user.email(), now, ip));
      audit.byUser("compromise_reported", userId, "ip", ip, "frozen", "true",
          "sessions", "revoked");
    });
  }

  /**
   * A support agent's decision after checking with the owner: money may leave again. Payments
   * unfreezes the wallets from {@link AccountUnfrozen}, stored with this commit.
   */
  void unfreeze(java.util.UUID userId) {
    tx.executeWithoutResult(status -> {
      if (!users.unfreeze(userId)) {
        throw new OkPayException(ErrorCode.USER_NOT_FOUND);
      }
      events.publishEvent(new AccountUnfrozen(userId, clock.instant()));
      audit.byStaff("unfrozen", userId);
    });
  }

  /** A support agent lifts a sign-in lock (after checking who they are talking to). */
  void unlock(java.util.UUID userId) {
    tx.executeWithoutResult(status -> {
      int n = jdbc.sql("""
          update identity.users
             set failed_logins = 0, locked_until = null, locked_hard = false
           where id = :id
          """).param("id", userId).update();
      if (n != 1) {
        throw new OkPayException(ErrorCode.USER_NOT_FOUND);
      }
      audit.byStaff("unlocked", userId);
    });
  }
}
