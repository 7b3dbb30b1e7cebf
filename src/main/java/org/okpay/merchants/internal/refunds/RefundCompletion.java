package org.okpay.merchants.internal.refunds;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.UUID;
import org.okpay.merchants.MerchantEvent;
import org.okpay.merchants.RefundsApi.Refund;
import org.okpay.merchants.internal.MerchantsAudit;
import org.okpay.payments.PaymentTransaction;
import org.okpay.shared.Money;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;

/**
 * What a refund's moves write besides their row, in the same database transaction: the
 * {@link MerchantEvent} for webhooks and the notices to the payer and the merchant's owner.
 */
@Component
class RefundCompletion {

  static final String TRACKER_PATH = "/account/money/transactions/";
  static final String MERCHANT_REFUNDS_PATH = "/merchant/%s/refunds";

  private final RefundStore refunds;
  private final ApplicationEventPublisher events;
  private final RefundNotices notices;
  private final org.okpay.merchants.MerchantsApi merchants;
  private final Clock clock;
  private final MerchantsAudit audit;

  RefundCompletion(RefundStore refunds, ApplicationEventPublisher events, RefundNotices notices,
      org.okpay.merchants.MerchantsApi merchants, Clock clock, MerchantsAudit audit) {
    this.audit = audit;
    this.refunds = refunds;
    this.events = events;
    this.notices = notices;
    this.merchants = merchants;
    this.clock = clock;
  }

  /** The payer's refund transaction completed: the money is in the payer's balance. */
  void succeeded(PaymentTransaction t, UUID refundId) {
    Instant now = clock.instant();
    if (!refunds.succeeded(refundId, t.id(), now)) {
      return;
    }
    Refund r = refunds.byId(refundId).orElseThrow().view();
    publish(r, "refund.succeeded", now);
    String amount = amount(r);
    notices.tell(t.userId(), "succeeded", TRACKER_PATH + t.id(), r.id().toString(), amount,
        r.merchantName());
    tellOwner(r, "merchantSucceeded", amount);
    audit.bySystem("refund_succeeded", "refund", r.id(), "merchant", r.merchantId().toString(),
        "transaction", t.id().toString(), "amountMinor", Long.toString(r.amountMinor()),
        "currency", r.currency());
  }

  void created(Refund r) {
    publish(r, "refund.created", r.createdAt());
  }

  /** A pending refund failed (after its amount went back to the payment). */
  void failed(Refund r, UUID payerUserId, Instant now) {
    publish(r, "refund.failed", now);
    String amount = amount(r);
    notices.tell(payerUserId, "failed", TRACKER_PATH + r.paymentTransactionId(),
        r.id().toString(), amount, r.merchantName());
    tellOwner(r, "merchantFailed", amount);
    audit.bySystem("refund_failed", "refund", r.id(), "merchant", r.merchantId().toString(),
        "amountMinor", Long.toString(r.amountMinor()), "currency", r.currency(),
        "failureReason", r.failureReason());
  }

  /** Day 0 of waiting for the merchant's balance: the customer is told when to expect it. */
  void waiting(Refund r, UUID payerUserId) {
    notices.tell(payerUserId, "waiting", TRACKER_PATH + r.paymentTransactionId(),
        r.id().toString(), amount(r), r.merchantName());
    tellOwner(r, "merchantWaiting", amount(r));
  }

  private void tellOwner(Refund r, String what, String amount) {
    merchants.merchant(r.merchantId()).ifPresent(m -> notices.tell(m.ownerUserId(), what,
        MERCHANT_REFUNDS_PATH.formatted(m.id()), r.id().toString(), amount, m.businessName()));
  }

  private void publish(Refund r, String type, Instant now) {
    UUID id = UUID.nameUUIDFromBytes((r.id() + ":" + type).getBytes(StandardCharsets.UTF_8));
    events.publishEvent(new MerchantEvent(id, r.merchantId(), type, "refund", r.id(),
        "refund.created".equals(type) ? "pending" : type.substring("refund.".length()), now));
  }

  static String amount(Refund r) {
    return new Money(r.amountMinor(), java.util.Currency.getInstance(r.currency())).toString();
  }
}
