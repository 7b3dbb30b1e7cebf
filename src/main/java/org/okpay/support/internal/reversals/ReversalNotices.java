package org.okpay.support.internal.reversals;

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
import org.okpay.payments.PaymentTransaction;
import org.okpay.shared.Money;
import org.okpay.shared.MoneyFormat;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.MessageSource;
import org.springframework.stereotype.Component;

/**
 * Tells both users of a reversed payment, in-app and by e-mail, each in their language, once per
 * request (dedup keys): the payer that the money is back, the recipient that it went back. The
 * link is the reversal transaction's tracker, which both can open.
 */
@Component
class ReversalNotices {

  static final String TRACKER_PATH = "/account/money/transactions/";

  private final NotifyApi notify;
  private final IdentityApi identity;
  private final MessageSource messages;
  private final String publicUrl;

  ReversalNotices(NotifyApi notify, IdentityApi identity, MessageSource messages,
      @Value("${okpay.identity.public-url:}") String publicUrl) {
    this.notify = notify;
    this.identity = identity;
    this.messages = messages;
    this.publicUrl = publicUrl;
  }

  /** {@code t} is the reversal transaction: its user is the recipient, its counterparty the payer. */
  void executed(PaymentTransaction t, UUID reversalId) {
    Money amount = new Money(t.amountMinor(), t.currency());
    Contact recipient = identity.contact(t.userId()).orElse(null);
    Contact payer = identity.contact(t.counterpartyUserId()).orElse(null);
    String dedup = "support-reversal:" + reversalId + ":";
    if (payer != null) {
      Locale locale = locale(payer);
      String reason = messages.getMessage("support.reversal.notice.payer.reason",
          new Object[] {recipient == null ? "" : recipient.displayName()}, locale);
      String money = MoneyFormat.format(amount, locale);
      notify.inApp(new InAppRequest(payer.userId().toString(), locale,
          InAppTemplate.MONEY_RETURNED, Map.of("amount", money, "reason", reason),
          TRACKER_PATH + t.id(), dedup + "payer:in-app"));
      String body = messages.getMessage("notify.money-returned.body", null, locale)
          .replace("{amount}", money).replace("{reason}", reason);
      email(t, payer, "support.reversal.notice.payer.subject", body, dedup + "payer:mail");
    }
    if (recipient != null) {
      Locale locale = locale(recipient);
      String body = messages.getMessage("support.reversal.notice.recipient.body",
          new Object[] {MoneyFormat.format(amount, locale),
              payer == null ? "" : payer.displayName()}, locale);
      notify.inApp(new InAppRequest(recipient.userId().toString(), locale,
          InAppTemplate.REFUND_UPDATE, Map.of("message", body), TRACKER_PATH + t.id(),
          dedup + "recipient:in-app"));
      email(t, recipient, "support.reversal.notice.recipient.subject", body,
          dedup + "recipient:mail");
    }
  }

  private void email(PaymentTransaction t, Contact user, String subjectKey, String body,
      String dedup) {
    Locale locale = locale(user);
    String subject = messages.getMessage(subjectKey, null, locale);
    Map<String, Object> variables = new HashMap<>();
    variables.put("subject", subject);
    variables.put("heading", subject);
    variables.put("message", body);
    variables.put("name", user.displayName());
    if (!publicUrl.isBlank()) {
      variables.put("link", publicUrl.replaceAll("/+$", "") + TRACKER_PATH + t.id());
      variables.put("linkText", messages.getMessage("support.reversal.notice.open", null,
          locale));
    }
    notify.email(new EmailRequest(user.email(), locale, EmailTemplate.GENERIC, variables,
        dedup));
  }

  private static Locale locale(Contact user) {
    return Locale.forLanguageTag(user.language());
  }
}
