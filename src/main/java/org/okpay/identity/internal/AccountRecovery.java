package org.okpay.identity.internal;

import static org.okpay.notify.EmailRequest.TIME_ZONE;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.okpay.identity.internal.EmailTokenStore.Purpose;
import org.okpay.identity.UserVerified;
import org.okpay.notify.EmailRequest;
import org.okpay.notify.EmailTemplate;
import org.okpay.notify.InAppRequest;
import org.okpay.notify.InAppTemplate;
import org.okpay.notify.NotifyApi;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.MessageSource;
import org.springframework.stereotype.Component;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/**
 * The e-mail side of identity: verification links, password-reset links, "your password was
 * changed". Every e-mail is queued in the same transaction as the change it reports.
 */
@Component
class AccountRecovery {

  static final int LINK_TOKEN_BYTES = 32; // 256 bits, as OWASP asks for reset tokens
  private static final String DEFAULT_PUBLIC_URL = "http://localhost:8080";

  private final UserStore users;
  private final EmailTokenStore tokens;
  private final NotifyApi notify;
  private final ApplicationEventPublisher events;
  private final MessageSource messages;
  private final IdentityProperties rules;
  private final Clock clock;

  private final IdentityAudit audit;

  AccountRecovery(UserStore users, EmailTokenStore tokens, NotifyApi notify, ApplicationEventPublisher events,
      MessageSource messages, IdentityProperties rules, Clock clock, IdentityAudit audit) {
    this.audit = audit;
    this.users = users;
    this.tokens = tokens;
    this.notify = notify;
    this.events = events;
    this.messages = messages;
    this.rules = rules;
    this.clock = clock;
  }

  void sendVerification(UserRow user) {
    Instant now = now();
    String token = Secrets.newToken(LINK_TOKEN_BYTES);
    tokens.issue(Secrets.sha256(token), user.id(), Purpose.VERIFY_EMAIL, now,
        now.plus(rules.verifyLinkValidity()));
    notify.email(new EmailRequest(user.email(), locale(user), EmailTemplate.VERIFY_EMAIL,
        Map.of("link", link("/verify-email?token=", token), "name", user.displayName(),
            "expiresInMinutes", rules.verifyLinkValidity().toMinutes())));
  }

  /** Someone tried to register an address that has an account: tell its owner, not them. */
  void sendRegistrationAttempt(UserRow owner) {
    Locale locale = locale(owner);
    notify.email(new EmailRequest(owner.email(), locale, EmailTemplate.GENERIC, Map.of(
        "subject", text("mail.registerAttempt.subject", locale),
        "heading", text("mail.registerAttempt.heading", locale),
        "message", text("mail.registerAttempt.message", locale),
        "name", owner.displayName(),
        "link", link("/forgot-password", ""),
        "linkText", text("mail.registerAttempt.link", locale))));
  }

  /**
   * Uses a verification link. The wallet is payments' to open, from {@link UserVerified}: the
   * event is stored with this transaction's commit and handled after it.
   */
  boolean verify(String token) {
    Instant now = now();
    Optional<UUID> userId = tokens.use(Secrets.sha256(token), Purpose.VERIFY_EMAIL, now);
    userId.flatMap(users::byId).ifPresent(user -> {
      users.markVerified(user.id(), now);
      events.publishEvent(new UserVerified(user.id(), user.defaultCurrency(), now));
    });
    return userId.isPresent();
  }

  /** The link to confirm a new address goes to that address; the old one hears after. */
  void sendEmailChange(UserRow user, String newEmail) {
    Instant now = now();
    String token = Secrets.newToken(LINK_TOKEN_BYTES);
    tokens.issue(Secrets.sha256(token), user.id(), Purpose.CHANGE_EMAIL, now,
        now.plus(rules.verifyLinkValidity()), newEmail);
    notify.email(new EmailRequest(newEmail, locale(user), EmailTemplate.VERIFY_EMAIL,
        Map.of("link", link("/confirm-email-change?token=", token), "name", user.displayName(),
            "expiresInMinutes", rules.verifyLinkValidity().toMinutes())));
  }

  /** Uses an e-mail-change link; tells the old address that the address changed. */
  boolean confirmEmailChange(String token) {
    Instant now = now();
    Optional<EmailTokenStore.EmailChange> change = tokens.useEmailChange(Secrets.sha256(token), now);
    if (change.isEmpty()) {
      return false;
    }
    UserRow user = users.byId(change.get().userId()).orElseThrow();
    if (user.underRecovery() || !users.changeEmail(user.id(), change.get().newEmail(), now)) {
      return false;
    }
    Locale locale = locale(user);
    notify.email(new EmailRequest(user.email(), locale, EmailTemplate.GENERIC, Map.of(
        "subject", text("mail.emailChanged.subject", locale),
        "heading", text("mail.emailChanged.heading", locale),
        "message", text("mail.emailChanged.message", locale).replace("{0}", change.get().newEmail()),
        "name", user.displayName(),
        "link", link("/forgot-password", ""),
        "linkText", text("mail.registerAttempt.link", locale))));
    notify.inApp(new InAppRequest(user.id().toString(), locale, InAppTemplate.EMAIL_CHANGED,
        Map.of(TIME_ZONE, user.zoneId(),
            "time", now, "email", change.get().newEmail()), "/account", null));
    audit.byUser("email_changed", user.id(), "from", user.email(), "to", change.get().newEmail());
    return true;
  }

  void sendReset(UserRow user, String ip) {
    sendReset(user, ip, baseUrl());
  }

  /** The same, with links on {@code base} (taken on the request's thread, see {@link #baseUrl}). */
  void sendReset(UserRow user, String ip, String base) {
    Instant now = now();
    String token = Secrets.newToken(LINK_TOKEN_BYTES);
    tokens.issue(Secrets.sha256(token), user.id(), Purpose.RESET_PASSWORD, now,
        now.plus(rules.resetLinkValidity()));
    notify.email(new EmailRequest(user.email(), locale(user), EmailTemplate.PASSWORD_RESET,
        Map.of("link", link(base, "/reset-password?token=", token), "name", user.displayName(),
            "expiresInMinutes", rules.resetLinkValidity().toMinutes(), "ip", ip == null ? "" : ip)));
  }

  Optional<UUID> peekReset(String token) {
    return tokens.peek(Secrets.sha256(token), Purpose.RESET_PASSWORD, now());
  }

  Optional<UUID> useReset(String token) {
    return tokens.use(Secrets.sha256(token), Purpose.RESET_PASSWORD, now());
  }

  void sendPasswordChanged(UserRow user, String ip) {
    Instant now = now();
    notify.email(new EmailRequest(user.email(), locale(user), EmailTemplate.PASSWORD_CHANGED,
        Map.of(TIME_ZONE, user.zoneId(),
            "time", now, "name", user.displayName(), "ip", ip == null ? "" : ip,
            "link", link("/forgot-password", ""))));
    notify.inApp(new InAppRequest(user.id().toString(), locale(user),
        InAppTemplate.PASSWORD_CHANGED, Map.of(TIME_ZONE, user.zoneId(),
            "time", now), null, null));
  }

  /** A sign-in from a device this user never signed in from: e-mail and in-app. */
  void sendNewDevice(UserRow user, String device, String ip, Instant at) {
    notify.email(new EmailRequest(user.email(), locale(user), EmailTemplate.NEW_DEVICE_LOGIN,
        Map.of(TIME_ZONE, user.zoneId(),
            "time", at, "device", device, "name", user.displayName(),
            "ip", ip == null ? "" : ip, "link", link("/account", ""))));
    notify.inApp(new InAppRequest(user.id().toString(), locale(user),
        InAppTemplate.NEW_DEVICE_LOGIN, Map.of(TIME_ZONE, user.zoneId(),
            "time", at, "device", device), "/account", null));
  }

  /**
   * A link into OKPay for an e-mail. The base is {@code okpay.identity.public-url}; left blank
   * (tests, where the port is random) it is the current request's own base URL, which must not
   * be done in production, where the Host header could be set by an attacker.
   */
  String link(String path, String token) {
    return link(baseUrl(), path, token);
  }

  /** Where links point: read on a request's thread when the configured URL is blank. */
  String baseUrl() {
    return !rules.publicUrl().isBlank() ? rules.publicUrl()
        : RequestContextHolder.getRequestAttributes() != null
            ? ServletUriComponentsBuilder.fromCurrentContextPath().toUriString()
            : DEFAULT_PUBLIC_URL;
  }

  private static String link(String base, String path, String token) {
    return (base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + path + token;
  }

  private String text(String key, Locale locale) {
    return messages.getMessage(key, null, key, locale);
  }

  private static Locale locale(UserRow user) {
    return Locale.forLanguageTag(user.language());
  }

  private Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.MICROS);
  }
}
