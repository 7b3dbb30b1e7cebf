package org.okpay.merchants.internal.checkout;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.okpay.identity.IdentityApi;
import org.okpay.merchants.MerchantEvent;
import org.okpay.notify.InAppRequest;
import org.okpay.notify.InAppTemplate;
import org.okpay.notify.NotifyApi;
import org.okpay.payments.PaymentTransaction;
import org.okpay.shared.Money;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;

/**
 * What a merchant payment's end writes on the merchant side, in the database transaction that
 * moves the payer's transaction (so all or none): the session complete, the payment row, the
 * {@link MerchantEvent}s for webhooks, the notice to the merchant's owner. Ids are derived from
 * the transaction, so a step tried twice writes once.
 */
@Component
class CheckoutCompletion {

  static final String MERCHANT_PAYMENTS_PATH = "/merchant/%s/payments";

  private final CheckoutSessionStore sessions;
  private final MerchantPaymentStore payments;
  private final CheckoutMerchants merchants;
  private final ApplicationEventPublisher events;
  private final NotifyApi notify;
  private final IdentityApi identity;
  private final Clock clock;

  CheckoutCompletion(CheckoutSessionStore sessions, MerchantPaymentStore payments, CheckoutMerchants merchants,
      ApplicationEventPublisher events, NotifyApi notify, IdentityApi identity, Clock clock) {
    this.sessions = sessions;
    this.payments = payments;
    this.merchants = merchants;
    this.events = events;
    this.notify = notify;
    this.identity = identity;
    this.clock = clock;
  }

  static UUID paymentId(UUID transactionId) {
    return UUID.nameUUIDFromBytes(("merchant-payment:" + transactionId)
        .getBytes(StandardCharsets.UTF_8));
  }

  /** The payer's transaction completed: the merchant has the money. */
  void paid(PaymentTransaction t, UUID sessionId) {
    CheckoutSessionStore.Row s = sessions.find(sessionId).orElseThrow();
    Instant now = clock.instant();
    UUID paymentId = paymentId(t.id());
    boolean completed = sessions.complete(sessionId, t.userId(), now);
    if (payments.insert(paymentId, s.merchantId(), t.id(), sessionId, t.userId(),
        s.amountMinor(), s.currency().getCurrencyCode(), s.feeMinor(), MerchantPaymentStore.SUCCEEDED,
        s.description(), s.orderReference(), now)) {
      publish(s.merchantId(), "payment.succeeded", "payment", paymentId, "succeeded", now);
      tellOwner(s, t, paymentId);
    }
    if (completed) {
      publish(s.merchantId(), "checkout.session.completed", "checkout.session", sessionId,
          "complete", now);
    }
  }

  /** The payer's transaction was recorded and failed: a failed payment, the session stays open. */
  void failed(UUID transactionId, UUID payer, UUID sessionId) {
    CheckoutSessionStore.Row s = sessions.find(sessionId).orElseThrow();
    Instant now = clock.instant();
    UUID paymentId = paymentId(transactionId);
    if (payments.insert(paymentId, s.merchantId(), transactionId, sessionId, payer,
        s.amountMinor(), s.currency().getCurrencyCode(), s.feeMinor(), MerchantPaymentStore.FAILED,
        s.description(), s.orderReference(), now)) {
      publish(s.merchantId(), "payment.failed", "payment", paymentId, "failed", now);
    }
  }

  /** Not {@code checkout.session.expired}: the merchant learns the payer left (or it canceled). */
  void canceled(CheckoutSessionStore.Row s, Instant now) {
    publish(s.merchantId(), "checkout.session.canceled", "checkout.session", s.id(), "canceled",
        now);
  }

  void expired(CheckoutSessionStore.Row s, Instant now) {
    publish(s.merchantId(), "checkout.session.expired", "checkout.session", s.id(), "expired",
        now);
  }

  private void publish(UUID merchantId, String type, String objectType, UUID objectId,
      String status, Instant now) {
    UUID id = UUID.nameUUIDFromBytes((objectId + ":" + type).getBytes(StandardCharsets.UTF_8));
    events.publishEvent(new MerchantEvent(id, merchantId, type, objectType, objectId, status,
        now));
  }

  private void tellOwner(CheckoutSessionStore.Row s, PaymentTransaction t, UUID paymentId) {
    merchants.find(s.merchantId()).ifPresent(m -> identity.contact(m.ownerUserId())
        .ifPresent(owner -> {
          String from = identity.contact(t.userId()).map(IdentityApi.Contact::displayName)
              .orElse("OKPay user") + " → " + m.name();
          notify.inApp(new InAppRequest(owner.userId().toString(),
              Locale.forLanguageTag(owner.language()), InAppTemplate.MONEY_RECEIVED,
              Map.of("amount", new Money(s.amountMinor(), s.currency()).toString(),
                  "from", from),
              MERCHANT_PAYMENTS_PATH.formatted(s.merchantId()),
              "merchants:payment:" + paymentId + ":owner"));
        }));
  }
}
