package org.okpay.merchants.internal.webhooks;

import java.time.Instant;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.okpay.identity.IdentityApi;
import org.okpay.merchants.internal.webhooks.EndpointStore.EndpointRow;
import org.okpay.notify.EmailRequest;
import org.okpay.notify.EmailTemplate;
import org.okpay.notify.NotifyApi;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.MessageSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Tells the merchant's owner, by e-mail in their language, that an endpoint was switched off
 * after three days of failed deliveries. Queued in the transaction that disabled the endpoint
 * (notify's outbox), deduplicated per endpoint and disabling.
 */
@Component
class EndpointDisabledNotice {

  private final JdbcClient jdbc;
  private final IdentityApi identity;
  private final NotifyApi notify;
  private final MessageSource messages;
  private final String publicUrl;

  EndpointDisabledNotice(JdbcClient jdbc, IdentityApi identity, NotifyApi notify,
      MessageSource messages, @Value("${okpay.identity.public-url:}") String publicUrl) {
    this.jdbc = jdbc;
    this.identity = identity;
    this.notify = notify;
    this.messages = messages;
    this.publicUrl = publicUrl;
  }

  void failing(EndpointRow endpoint, Instant failingSince) {
    // The owner of the merchant (merchants.merchants is this module's own table).
    UUID owner = jdbc.sql("select owner_user_id from merchants.merchants where id = :m")
        .param("m", endpoint.merchantId()).query(UUID.class).optional().orElse(null);
    if (owner == null) {
      return;
    }
    identity.contact(owner).ifPresent(user -> {
      Locale locale = Locale.forLanguageTag(user.language());
      Map<String, Object> variables = new HashMap<>();
      variables.put("subject", text("webhooks.mail.disabled.subject", locale));
      variables.put("heading", text("webhooks.mail.disabled.heading", locale));
      variables.put("message", messages.getMessage("webhooks.mail.disabled.message",
          new Object[] {endpoint.url()}, locale));
      variables.put("name", user.displayName());
      if (!publicUrl.isBlank()) {
        variables.put("link", publicUrl.replaceAll("/+$", "") + "/merchant/"
            + endpoint.merchantId() + "/webhooks");
        variables.put("linkText", text("webhooks.mail.disabled.link", locale));
      }
      notify.email(new EmailRequest(user.email(), locale, EmailTemplate.GENERIC, variables,
          "webhook-disabled:" + endpoint.id() + ":" + failingSince.getEpochSecond()));
    });
  }

  private String text(String key, Locale locale) {
    return messages.getMessage(key, null, locale);
  }
}
