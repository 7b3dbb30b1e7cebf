package org.okpay.identity.internal;

import jakarta.annotation.PreDestroy;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.okpay.notify.EmailRequest;
import org.okpay.notify.EmailTemplate;
import org.okpay.notify.NotifyApi;
import org.okpay.shared.ErrorCode;
import org.okpay.shared.OkPayException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.MessageSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * "My account was hacked" for someone who cannot sign in (locked out, or the attacker changed
 * the password): a single-use link to the account's own address, which freezes the account
 * exactly as the signed-in report does ({@link AccountProtection#reportCompromise}).
 *
 * <p>identity.freeze_links keeps the links' SHA-256 only. A link is used at most once (a
 * conditional update lets one of two concurrent uses through), dies at its expiry, and a newer
 * link kills older ones. As with "forgot password" ({@link ResetRequests}), the request thread
 * hands the address to a worker and answers at once, so neither the answer nor its time tells
 * whether the address has an account; an unknown address gets no e-mail.
 */
@Component
class SignedOutFreeze {

  static final int QUEUE_MAX = 1_000;
  static final int SHUTDOWN_WAIT_SECONDS = 5;
  private static final Logger log = LoggerFactory.getLogger(SignedOutFreeze.class);

  private final JdbcClient jdbc;
  private final UserStore users;
  private final AccountProtection protection;
  private final AccountRecovery recovery;
  private final NotifyApi notify;
  private final MessageSource messages;
  private final TransactionTemplate tx;
  private final Clock clock;
  private final Duration validity;
  private final IdentityAudit audit;
  private final ThreadPoolExecutor worker = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS,
      new ArrayBlockingQueue<>(QUEUE_MAX), r -> {
        Thread thread = new Thread(r, "freeze-link-requests");
        thread.setDaemon(true);
        return thread;
      }, new ThreadPoolExecutor.CallerRunsPolicy());

  SignedOutFreeze(JdbcClient jdbc, UserStore users, AccountProtection protection,
      AccountRecovery recovery, NotifyApi notify, MessageSource messages,
      TransactionTemplate tx, Clock clock,
      @Value("${okpay.help.freeze-link-validity:PT30M}") Duration validity, IdentityAudit audit) {
    this.audit = audit;
    this.jdbc = jdbc;
    this.users = users;
    this.protection = protection;
    this.recovery = recovery;
    this.notify = notify;
    this.messages = messages;
    this.tx = tx;
    this.clock = clock;
    this.validity = validity;
  }

  /** Sends a link if {@code email} (normalized) has an account, later, off this thread. */
  void submit(String email, String ip) {
    String base = recovery.baseUrl(); // taken now, while the request is at hand
    worker.execute(() -> {
      try {
        users.byEmail(email).ifPresent(user ->
            tx.executeWithoutResult(s -> send(user, ip, base)));
      } catch (RuntimeException e) {
        log.error("freeze link not sent", e);
      }
    });
  }

  private void send(UserRow user, String ip, String base) {
    Instant now = now();
    String token = Secrets.newToken(AccountRecovery.LINK_TOKEN_BYTES);
    jdbc.sql("""
        update identity.freeze_links set used_at = :now where user_id = :u and used_at is null
        """).param("now", UserStore.utc(now)).param("u", user.id()).update();
    int n = jdbc.sql("""
        insert into identity.freeze_links (token_hash, user_id, created_at, expires_at,
               requested_ip)
        values (:h, :u, :now, :expires, :ip)
        """).param("h", Secrets.sha256(token)).param("u", user.id())
        .param("now", UserStore.utc(now)).param("expires", UserStore.utc(now.plus(validity)))
        .param("ip", ip == null ? null : ip.substring(0, Math.min(ip.length(), 64))).update();
    if (n != 1) {
      throw new IllegalStateException("freeze link not stored");
    }
    Locale locale = Locale.forLanguageTag(user.language());
    String link = (base.endsWith("/") ? base.substring(0, base.length() - 1) : base)
        + "/help/hacked/confirm?token=" + token;
    notify.email(new EmailRequest(user.email(), locale, EmailTemplate.GENERIC, Map.of(
        "subject", text("mail.freezeLink.subject", locale),
        "heading", text("mail.freezeLink.heading", locale),
        "message", text("mail.freezeLink.message", locale)
            .replace("{0}", String.valueOf(validity.toMinutes()))
            .replace("{1}", ip == null ? "" : ip),
        "name", user.displayName(),
        "link", link,
        "linkText", text("mail.freezeLink.link", locale))));
    audit.bySystem("freeze_link_sent", user.id(), "ip", ip);
  }

  boolean valid(String token) {
    return jdbc.sql("""
        select count(*) from identity.freeze_links
         where token_hash = :h and used_at is null and expires_at > :now
        """).param("h", Secrets.sha256(token)).param("now", UserStore.utc(now()))
        .query(Integer.class).single() == 1;
  }

  /**
   * Uses the link and freezes its account in one transaction: a freeze that fails leaves the
   * link usable, and a link is never used without the freeze.
   */
  void freeze(String token, String ip) {
    tx.executeWithoutResult(s -> {
      Instant now = now();
      Optional<UUID> userId = jdbc.sql("""
          update identity.freeze_links set used_at = :now
           where token_hash = :h and used_at is null and expires_at > :now
          returning user_id
          """).param("now", UserStore.utc(now)).param("h", Secrets.sha256(token))
          .query(UUID.class).optional();
      UUID id = userId.orElseThrow(() -> new OkPayException(ErrorCode.LINK_EXPIRED));
      // Other links of the account were asked for before this freeze: they have done their job.
      jdbc.sql("""
          update identity.freeze_links set used_at = :now where user_id = :u and used_at is null
          """).param("now", UserStore.utc(now)).param("u", id).update();
      protection.reportCompromise(id, ip);
      audit.byUser("freeze_link_used", id, "ip", ip);
    });
  }

  private String text(String key, Locale locale) {
    return messages.getMessage(key, null, key, locale);
  }

  private Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.MICROS);
  }

  @PreDestroy
  void stop() throws InterruptedException {
    worker.shutdown();
    worker.awaitTermination(SHUTDOWN_WAIT_SECONDS, TimeUnit.SECONDS);
  }
}
