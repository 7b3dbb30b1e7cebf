package org.okpay.support.internal.disputes;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.okpay.identity.IdentityApi;
import org.okpay.identity.IdentityApi.Contact;
import org.okpay.notify.EmailRequest;
import org.okpay.notify.EmailTemplate;
import org.okpay.notify.InAppRequest;
import org.okpay.notify.InAppTemplate;
import org.okpay.notify.NotifyApi;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.MessageSource;
import org.springframework.stereotype.Component;

/**
 * Tells the customer or the merchant's owner that a dispute moved: in-app and by e-mail, in their
 * language, through notify's outbox (in the caller's transaction), once per {@code dedup} key.
 * Deadlines are written in the reader's own time zone.
 */
@Component
class DisputeNotices {

  private final NotifyApi notify;
  private final IdentityApi identity;
  private final MessageSource messages;
  private final String publicUrl;

  DisputeNotices(NotifyApi notify, IdentityApi identity, MessageSource messages,
      @Value("${okpay.identity.public-url:}") String publicUrl) {
    this.notify = notify;
    this.identity = identity;
    this.messages = messages;
    this.publicUrl = publicUrl;
  }

  /**
   * @param what the message key under {@code dispute.notice.<what>} ({@code .subject},
   *     {@code .body} with {@code {0}} ... from {@code args})
   */
  void tell(UUID userId, String what, String link, String dedup, Object... args) {
    if (userId == null) {
      return;
    }
    identity.contact(userId).ifPresent(user -> send(user, what, link, dedup, args));
  }

  /** A time in the reader's zone and language, with the zone named. */
  String at(UUID userId, java.time.Instant instant) {
    if (instant == null || userId == null) {
      return "";
    }
    java.time.ZoneId zone = identity.zoneOf(userId);
    Locale locale = identity.contact(userId).map(c -> Locale.forLanguageTag(c.language()))
        .orElse(Locale.ENGLISH);
    return org.okpay.shared.LocalTimes.at(instant, zone, locale);
  }

  private void send(Contact user, String what, String link, String dedup, Object... args) {
    Locale locale = Locale.forLanguageTag(user.language());
    String subject = messages.getMessage("dispute.notice." + what + ".subject", null, locale);
    String body = messages.getMessage("dispute.notice." + what + ".body", args, locale);
    notify.inApp(new InAppRequest(user.userId().toString(), locale, InAppTemplate.DISPUTE_UPDATE,
        Map.of("message", body), link, "disputes:" + dedup + ":" + what + ":in-app"));
    Map<String, Object> variables = new HashMap<>();
    variables.put("subject", subject);
    variables.put("heading", subject);
    variables.put("message", body);
    variables.put("name", user.displayName());
    if (!publicUrl.isBlank() && link != null) {
      variables.put("link", publicUrl.replaceAll("/+$", "") + link);
      variables.put("linkText", messages.getMessage("dispute.notice.open", null, locale));
    }
    notify.email(new EmailRequest(user.email(), locale, EmailTemplate.GENERIC, variables,
        "disputes:" + dedup + ":" + what + ":mail"));
  }
}
