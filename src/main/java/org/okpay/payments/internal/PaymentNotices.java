package org.okpay.payments.internal;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.okpay.identity.IdentityApi.Contact;
import org.okpay.identity.IdentityApi;
import org.okpay.notify.EmailRequest;
import org.okpay.notify.EmailTemplate;
import org.okpay.notify.InAppRequest;
import org.okpay.notify.InAppTemplate;
import org.okpay.notify.NotifyApi;
import org.okpay.payments.PaymentNotifier;
import org.okpay.payments.PaymentTransaction;
import org.okpay.shared.ErrorCode;
import org.okpay.shared.Money;
import org.okpay.shared.MoneyFormat;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.MessageSource;
import org.springframework.stereotype.Component;

/**
 * Tells people about their money: received, sent, arrived, failed, returned. In-app always;
 * e-mail for money received, failed and returned. Each notice has a dedup key, so a step that is
 * tried twice tells once.
 */
@Component
class PaymentNotices implements PaymentNotifier {

  static final String TRACKER_PATH = "/account/money/transactions/";

  private final NotifyApi notify;
  private final OperationTypes types;
  private final IdentityApi identity;
  private final MessageSource messages;
  private final String publicUrl;

  PaymentNotices(NotifyApi notify, OperationTypes types, IdentityApi identity,
      MessageSource messages,
      @Value("${okpay.identity.public-url:}") String publicUrl) {
    this.notify = notify;
    this.types = types;
    this.identity = identity;
    this.messages = messages;
    this.publicUrl = publicUrl;
  }

  /** The security e-mail for a large payment, then the operation type's own notices. */
  void completed(PaymentTransaction t) {
    completed(t, Map.of());
  }

  /**
   * {@link #completed(PaymentTransaction)} when the caller already holds some of the people
   * told ({@code known}, by user id; name, e-mail address and language are what notices use),
   * so they are not read again inside the state move's transaction.
   */
  void completed(PaymentTransaction t, Map<UUID, Contact> known) {
    Money amount = new Money(t.amountMinor(), t.currency());
    if (t.riskReasons().contains(RiskReason.UNUSUAL_AMOUNT.key())) {
      // An account-security alert as well as a receipt: a thief's large payment is the one the
      // owner must hear about by e-mail, even when it passed a review or a code.
      contact(t.userId(), known).ifPresent(user -> email(t, user, "large",
          "payments.mail.large.body", Map.of("amount", text(amount, user), "to", t.counterparty())));
    }
    types.of(t.operation()).completed(t, known.isEmpty() ? this : new Knowing(known));
  }

  @Override
  public void sentToUser(PaymentTransaction t) {
    sentToUser(t, Map.of());
  }

  private void sentToUser(PaymentTransaction t, Map<UUID, Contact> known) {
    Money amount = new Money(t.amountMinor(), t.currency());
    contact(t.userId(), known).ifPresent(sender -> {
      inApp(t, sender, InAppTemplate.MONEY_SENT, Map.of("amount", text(amount, sender), "to",
          t.counterparty()));
      contact(t.counterpartyUserId(), known).ifPresent(recipient -> {
        String from = sender.displayName() + " (" + sender.email() + ")";
        inApp(t, recipient, InAppTemplate.MONEY_RECEIVED, Map.of("amount",
            text(amount, recipient), "from", from));
        email(t, recipient, "received", "notify.money-received.body",
            Map.of("amount", text(amount, recipient), "from", from));
      });
      });
  }

  @Override
  public void arrived(PaymentTransaction t, boolean toBalance) {
    Money amount = new Money(t.amountMinor(), t.currency());
    identity.contact(t.userId()).ifPresent(user -> inApp(t, user, InAppTemplate.MONEY_ARRIVED,
        Map.of("amount", text(amount, user), "to", toBalance ? messages.getMessage(
            "payments.where.balance", null, locale(user)) : t.counterparty())));
  }

  void failed(PaymentTransaction t, ErrorCode code) {
    Money amount = new Money(t.amountMinor(), t.currency());
    identity.contact(t.userId()).ifPresent(user -> {
      String reason = messages.getMessage(code.messageKey(), null, code.code(), locale(user));
      Map<String, Object> vars = Map.of("amount", text(amount, user), "reason", reason);
      inApp(t, user, InAppTemplate.PAYMENT_FAILED, vars);
      email(t, user, "failed", "notify.payment-failed.body", vars);
    });
    types.of(t.operation()).failed(t, code);
  }

  void returned(PaymentTransaction t) {
    Money amount = new Money(t.totalMinor(), t.currency());
    identity.contact(t.userId()).ifPresent(user -> {
      String reason = messages.getMessage(ErrorCode.RETURNED_BY_BANK.messageKey(), null,
          locale(user));
      Map<String, Object> vars = Map.of("amount", text(amount, user), "reason", reason);
      inApp(t, user, InAppTemplate.MONEY_RETURNED, vars);
      email(t, user, "returned", "notify.money-returned.body", vars);
    });
    types.of(t.operation()).returned(t);
  }

  private java.util.Optional<Contact> contact(UUID userId, Map<UUID, Contact> known) {
    Contact held = userId == null ? null : known.get(userId);
    return held != null ? java.util.Optional.of(held) : identity.contact(userId);
  }

  /** The notifier an operation type calls back for one completion whose people are known. */
  private final class Knowing implements PaymentNotifier {

    private final Map<UUID, Contact> known;

    Knowing(Map<UUID, Contact> known) {
      this.known = known;
    }

    @Override
    public void arrived(PaymentTransaction t, boolean toBalance) {
      PaymentNotices.this.arrived(t, toBalance);
    }

    @Override
    public void sentToUser(PaymentTransaction t) {
      PaymentNotices.this.sentToUser(t, known);
    }
  }

  private void inApp(PaymentTransaction t, Contact user, InAppTemplate template,
      Map<String, Object> vars) {
    notify.inApp(new InAppRequest(user.userId().toString(), locale(user), template, vars,
        TRACKER_PATH + t.id(), dedup(t, template.key(), user.userId())));
  }

  private void email(PaymentTransaction t, Contact user, String subject, String bodyKey,
      Map<String, Object> vars) {
    Locale locale = locale(user);
    String body = messages.getMessage(bodyKey, null, locale);
    for (Map.Entry<String, Object> var : vars.entrySet()) {
      body = body.replace("{" + var.getKey() + "}", String.valueOf(var.getValue()));
    }
    Map<String, Object> variables = new HashMap<>();
    variables.put("subject", messages.getMessage("payments.mail.subject." + subject, null, locale));
    variables.put("heading", messages.getMessage("payments.mail.subject." + subject, null, locale));
    variables.put("message", body);
    variables.put("name", user.displayName());
    if (!publicUrl.isBlank()) {
      variables.put("link", publicUrl.replaceAll("/+$", "") + TRACKER_PATH + t.id());
      variables.put("linkText", messages.getMessage("payments.mail.view", null, locale));
    }
    notify.email(new EmailRequest(user.email(), locale, EmailTemplate.GENERIC, variables,
        dedup(t, "mail-" + subject, user.userId())));
  }

  private static String dedup(PaymentTransaction t, String what, UUID userId) {
    return "payments:" + t.id() + ":" + what + ":" + userId;
  }

  /** An amount as the user reads it: "¥1,234.50", "US$12.00". */
  private static String text(Money amount, Contact user) {
    return MoneyFormat.format(amount, locale(user));
  }

  private static Locale locale(Contact user) {
    return Locale.forLanguageTag(user.language());
  }
}
