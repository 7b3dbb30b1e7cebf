package org.okpay.merchants.internal.refunds;

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
 * Tells a customer or a merchant's owner that a refund or refund request moved: in-app and by
 * e-mail, in their language, once per {@code dedup} key (a step tried twice tells once).
 */
@Component
class RefundNotices {

  private final NotifyApi notify;
  private final IdentityApi identity;
  private final MessageSource messages;
  private final String publicUrl;

  RefundNotices(NotifyApi notify, IdentityApi identity, MessageSource messages,
      @Value("${okpay.identity.public-url:}") String publicUrl) {
    this.notify = notify;
    this.identity = identity;
    this.messages = messages;
    this.publicUrl = publicUrl;
  }

  /**
   * @param what the message key under {@code refunds.notice.<what>} ({@code .subject} and
   *     {@code .body}, the body with {@code {0}}, {@code {1}} ... from {@code args})
   */
  void tell(UUID userId, String what, String link, String dedup, Object... args) {
    identity.contact(userId).ifPresent(user -> send(user, what, link, dedup, args));
  }

  private void send(Contact user, String what, String link, String dedup, Object... args) {
    Locale locale = Locale.forLanguageTag(user.language());
    String subject = messages.getMessage("refunds.notice." + what + ".subject", null, locale);
    String body = messages.getMessage("refunds.notice." + what + ".body", args, locale);
    notify.inApp(new InAppRequest(user.userId().toString(), locale, InAppTemplate.REFUND_UPDATE,
        Map.of("message", body), link, "refunds:" + dedup + ":" + what + ":in-app"));
    Map<String, Object> variables = new HashMap<>();
    variables.put("subject", subject);
    variables.put("heading", subject);
    variables.put("message", body);
    variables.put("name", user.displayName());
    if (!publicUrl.isBlank() && link != null) {
      variables.put("link", publicUrl.replaceAll("/+$", "") + link);
      variables.put("linkText", messages.getMessage("refunds.notice.open", null, locale));
    }
    notify.email(new EmailRequest(user.email(), locale, EmailTemplate.GENERIC, variables,
        "refunds:" + dedup + ":" + what + ":mail"));
  }
}
