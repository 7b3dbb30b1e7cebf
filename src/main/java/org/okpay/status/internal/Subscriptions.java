package org.okpay.status.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import org.okpay.notify.EmailRequest;
import org.okpay.notify.EmailTemplate;
import org.okpay.notify.NotifyApi;
import org.okpay.shared.FieldErrors;
import org.okpay.status.StatusApi;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.MessageSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/** E-mail subscribers to incidents: double opt-in, unsubscribe from every e-mail. */
@Component
class Subscriptions {

  /** Incident e-mails per incident at most; beyond it the status page and feed still tell. */
  static final int RECIPIENTS_MAX = 10_000;
  /** The notify module's limit on one e-mail variable. */
  private static final int VARIABLE_MAX = 2000;
  private static final Pattern EMAIL = Pattern.compile("^[^@\\s]{1,64}@[^@\\s]+\\.[^@\\s]+$");
  private static final SecureRandom RANDOM = new SecureRandom();

  private final JdbcClient jdbc;
  private final NotifyApi notify;
  private final MessageSource messages;
  private final String publicUrl;

  /** Links use OKPAY_PUBLIC_URL, as identity's e-mails do; blank means the request's own base. */
  Subscriptions(JdbcClient jdbc, NotifyApi notify, MessageSource messages,
      @Value("${okpay.identity.public-url:}") String publicUrl) {
    this.jdbc = jdbc;
    this.notify = notify;
    this.messages = messages;
    this.publicUrl = publicUrl;
  }

  /** Call inside a transaction: the subscription row and its e-mail commit together. */
  void subscribe(String rawEmail, Locale locale, Instant now) {
    String email = rawEmail == null ? "" : rawEmail.strip().toLowerCase(Locale.ROOT);
    if (email.length() > 254 || !EMAIL.matcher(email).matches()) {
      throw FieldErrors.invalid("email", FieldErrors.FORMAT);
    }
    String language = locale.getLanguage().equals("zh") ? "zh-CN" : "en";
    String token = newToken();
    jdbc.sql("""
        insert into status.subscriptions (id, email, locale, token_hash, unsubscribe_token,
               created_at)
        values (:id, :email, :locale, :hash, :unsubscribe, :now)
        on conflict (lower(email)) do update
           set token_hash = excluded.token_hash, locale = excluded.locale
        """).param("id", UUID.randomUUID()).param("email", email).param("locale", language)
        .param("hash", sha256(token)).param("unsubscribe", newToken()).param("now", utc(now))
        .update();
    Locale mailLocale = Locale.forLanguageTag(language);
    notify.email(new EmailRequest(email, mailLocale, EmailTemplate.GENERIC, Map.of(
        "subject", text("mail.statusSubscribe.subject", mailLocale),
        "heading", text("mail.statusSubscribe.heading", mailLocale),
        "message", text("mail.statusSubscribe.message", mailLocale),
        "link", link("/status/subscribe/confirm?token=" + token),
        "linkText", text("mail.statusSubscribe.link", mailLocale))));
  }

  boolean confirm(String token, Instant now) {
    return jdbc.sql("update status.subscriptions set confirmed_at = coalesce(confirmed_at, :now)"
            + " where token_hash = :hash").param("now", utc(now)).param("hash", sha256(token))
        .update() == 1;
  }

  boolean unsubscribe(String token) {
    return jdbc.sql("delete from status.subscriptions where unsubscribe_token = :token")
        .param("token", token).update() == 1;
  }

  /**
   * Tells every confirmed subscriber of a new incident or an update to one, in their language,
   * in the caller's transaction (the e-mails are outbox rows). Each e-mail says the phase and
   * the update's message, and carries the subscriber's own unsubscribe link.
   */
  void announce(StatusApi.Incident incident, long updateId, StatusApi.IncidentUpdate update,
      boolean opening) {
    record Subscriber(UUID id, String email, String locale, String unsubscribeToken) {
    }
    List<Subscriber> subscribers = jdbc.sql("""
        select id, email, locale, unsubscribe_token from status.subscriptions
         where confirmed_at is not null order by created_at limit :max
        """).param("max", RECIPIENTS_MAX)
        .query((rs, n) -> new Subscriber(rs.getObject("id", UUID.class), rs.getString("email"),
            rs.getString("locale"), rs.getString("unsubscribe_token"))).list();
    for (Subscriber s : subscribers) {
      Locale locale = Locale.forLanguageTag(s.locale());
      String stop = "\n\n" + text("mail.statusIncident.stop", locale) + " "
          + link("/status/unsubscribe?token=" + s.unsubscribeToken());
      String subject = text(opening ? "mail.statusIncident.subject"
          : "mail.statusIncidentUpdate.subject", locale) + " " + incident.title();
      notify.email(new EmailRequest(s.email(), locale, EmailTemplate.GENERIC, Map.of(
          "subject", subject,
          "heading", incident.title(),
          "message", fit(text("status.phase." + update.phase().key(), locale) + ": "
              + update.message(), stop),
          "link", link("/status"),
          "linkText", text("mail.statusIncident.link", locale)),
          // One e-mail per update and subscriber, however often this transaction is retried.
          "status-update:" + updateId + ":" + s.id()));
    }
  }

  /**
   * The update's text shortened, when it must be, so that it and the unsubscribe line fit in
   * one e-mail variable; the status page always has the whole text.
   */
  private static String fit(String text, String tail) {
    int room = VARIABLE_MAX - tail.length();
    return (text.length() <= room ? text : text.substring(0, room - 1) + "…") + tail;
  }

  private String text(String key, Locale locale) {
    return messages.getMessage(key, null, key, locale);
  }

  private String link(String path) {
    String base = !publicUrl.isBlank() ? publicUrl
        : RequestContextHolder.getRequestAttributes() != null
            ? ServletUriComponentsBuilder.fromCurrentContextPath().toUriString()
            : "http://localhost:8080";
    return (base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + path;
  }

  private static String newToken() {
    byte[] raw = new byte[32];
    RANDOM.nextBytes(raw);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
  }

  private static byte[] sha256(String token) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(
          (token == null ? "" : token).getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }

  private static OffsetDateTime utc(Instant instant) {
    return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
  }
}
