package org.okpay.payments.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.okpay.identity.IdentityApi.Contact;
import org.okpay.identity.IdentityApi;
import org.okpay.notify.EmailRequest;
import org.okpay.notify.EmailTemplate;
import org.okpay.notify.InAppRequest;
import org.okpay.notify.InAppTemplate;
import org.okpay.notify.NoticeRequest;
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
class PaymentNotices {

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
    List<NoticeRequest> requests = new ArrayList<>();
    gatherCompleted(t, known, requests);
    enqueue(requests);
  }

  /**
   * {@link #completed(PaymentTransaction, Map)} for the payments one {@link Completer} batch
   * moved: all their notices queued together in the batch's transaction, in as few statements as
   * {@link NotifyApi#enqueueAll} allows.
   */
  void completedAll(List<Completer.Completing> moved) {
    List<NoticeRequest> requests = new ArrayList<>();
    for (Completer.Completing c : moved) {
      gatherCompleted(c.t(), c.known(), requests);
    }
    enqueue(requests);
  }

  private void gatherCompleted(PaymentTransaction t, Map<UUID, Contact> known,
      List<NoticeRequest> requests) {
    Notices notices = new Notices(known, requests);
    Money amount = new Money(t.amountMinor(), t.currency());
    if (t.riskReasons().contains(RiskReason.UNUSUAL_AMOUNT.key())) {
      // An account-security alert as well as a receipt: a thief's large payment is the one the
      // owner must hear about by e-mail, even when it passed a review or a code.
      notices.contact(t.userId()).ifPresent(user -> notices.email(t, user, "large",
          "payments.mail.large.body", Map.of("amount", text(amount, user), "to", t.counterparty())));
    }
    types.of(t.operation()).completed(t, notices);
  }

  private void enqueue(List<NoticeRequest> requests) {
    for (int from = 0; from < requests.size(); from += NotifyApi.ENQUEUE_ALL_MAX) {
      notify.enqueueAll(requests.subList(from,
          Math.min(requests.size(), from + NotifyApi.ENQUEUE_ALL_MAX)));
    }
  }

  void failed(PaymentTransaction t, ErrorCode code) {
    failed(t, code, Map.of());
  }

  /** {@link #failed(PaymentTransaction, ErrorCode)} with the people the caller already holds. */
  void failed(PaymentTransaction t, ErrorCode code, Map<UUID, Contact> known) {
    Notices notices = new Notices(known, new ArrayList<>());
    Money amount = new Money(t.amountMinor(), t.currency());
    notices.contact(t.userId()).ifPresent(user -> {
      String reason = messages.getMessage(code.messageKey(), null, code.code(), locale(user));
      Map<String, Object> vars = Map.of("amount", text(amount, user), "reason", reason);
      notices.inApp(t, user, InAppTemplate.PAYMENT_FAILED, vars);
      notices.email(t, user, "failed", "notify.payment-failed.body", vars);
    });
    notices.enqueue();
    types.of(t.operation()).failed(t, code);
  }

  void returned(PaymentTransaction t) {
    Notices notices = new Notices(Map.of(), new ArrayList<>());
    Money amount = new Money(t.totalMinor(), t.currency());
    notices.contact(t.userId()).ifPresent(user -> {
      String reason = messages.getMessage(ErrorCode.RETURNED_BY_BANK.messageKey(), null,
          locale(user));
      Map<String, Object> vars = Map.of("amount", text(amount, user), "reason", reason);
      notices.inApp(t, user, InAppTemplate.MONEY_RETURNED, vars);
      notices.email(t, user, "returned", "notify.money-returned.body", vars);
    });
    notices.enqueue();
    types.of(t.operation()).returned(t);
  }

  /**
   * The notices of one state move, gathered and then queued with one statement
   * ({@link NotifyApi#enqueueAll}) in the move's transaction, instead of a round trip each; also
   * the notifier an operation type calls back, with the people the caller already holds.
   */
  private final class Notices implements PaymentNotifier {

    private final Map<UUID, Contact> known;
    private final List<NoticeRequest> requests;

    Notices(Map<UUID, Contact> known, List<NoticeRequest> requests) {
      this.known = known;
      this.requests = requests;
    }

    @Override
    public void arrived(PaymentTransaction t, boolean toBalance) {
      Money amount = new Money(t.amountMinor(), t.currency());
      contact(t.userId()).ifPresent(user -> inApp(t, user, InAppTemplate.MONEY_ARRIVED,
          Map.of("amount", text(amount, user), "to", toBalance ? messages.getMessage(
              "payments.where.balance", null, locale(user)) : t.counterparty())));
    }

    @Override
    public void sentToUser(PaymentTransaction t) {
      Money amount = new Money(t.amountMinor(), t.currency());
      contact(t.userId()).ifPresent(sender -> {
        inApp(t, sender, InAppTemplate.MONEY_SENT, Map.of("amount", text(amount, sender), "to",
            t.counterparty()));
        contact(t.counterpartyUserId()).ifPresent(recipient -> {
          String from = sender.displayName() + " (" + sender.email() + ")";
          inApp(t, recipient, InAppTemplate.MONEY_RECEIVED, Map.of("amount",
              text(amount, recipient), "from", from));
          email(t, recipient, "received", "notify.money-received.body",
              Map.of("amount", text(amount, recipient), "from", from));
        });
      });
    }

    Optional<Contact> contact(UUID userId) {
      Contact held = userId == null ? null : known.get(userId);
      return held != null ? Optional.of(held) : identity.contact(userId);
    }

    void inApp(PaymentTransaction t, Contact user, InAppTemplate template,
        Map<String, Object> vars) {
      requests.add(new InAppRequest(user.userId().toString(), locale(user), template, vars,
          TRACKER_PATH + t.id(), dedup(t, template.key(), user.userId())));
    }

    void email(PaymentTransaction t, Contact user, String subject, String bodyKey,
        Map<String, Object> vars) {
      requests.add(emailRequest(t, user, subject, bodyKey, vars));
    }

    void enqueue() {
      PaymentNotices.this.enqueue(requests);
    }
  }

  private EmailRequest emailRequest(PaymentTransaction t, Contact user, String subject,
      String bodyKey, Map<String, Object> vars) {
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
    return new EmailRequest(user.email(), locale, EmailTemplate.GENERIC, variables,
        dedup(t, "mail-" + subject, user.userId()));
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
