package org.okpay.merchants.internal.refunds;

import java.util.Currency;
import java.util.List;
import java.util.UUID;
import org.okpay.identity.CurrentUser;
import org.okpay.ledger.TransferRequest;
import org.okpay.merchants.internal.EngineKey;
import org.okpay.payments.Limit;
import org.okpay.payments.Operation;
import org.okpay.payments.OperationType;
import org.okpay.payments.PaymentLedger;
import org.okpay.payments.PaymentNotifier;
import org.okpay.payments.PaymentPlan;
import org.okpay.payments.PaymentRequest;
import org.okpay.payments.PaymentTransaction;
import org.okpay.payments.PricingApi;
import org.okpay.shared.ErrorCode;
import org.okpay.shared.OkPayException;
import org.springframework.stereotype.Component;

/**
 * A merchant gives money back to the payer of one of its payments ({@code merchant_refund}); never
 * leaves OKPay. The payer's transaction (incoming, counterparty the merchant), one linked call:
 *
 * <pre>
 * complete: merchant balance → payer wallet (amount), in the payment's currency
 * </pre>
 *
 * <p>The merchant fee of the payment is not returned. The merchant's balance must cover the
 * amount (it is never negative): the refund service looks first and keeps the refund pending
 * while it does not; if the ledger still refuses (another refund took the money meanwhile), the
 * attempt fails and the next uses a new key ({@link #engineKey}). No limits or risk checks: the
 * payer does not send anything.
 */
@Component
class MerchantRefundType implements OperationType {

  static final String KEY = "merchant_refund";
  private static final EngineKey ENGINE_KEY = new EngineKey("merchant-refund:");
  /** Large enough never to refuse a refund, small enough never to overflow the arithmetic. */
  private static final long NO_CAP = Long.MAX_VALUE / 4;

  private final PaymentLedger ledger;
  private final RefundStore refunds;
  private final RefundCompletion completion;
  private final PricingApi pricing;

  MerchantRefundType(PaymentLedger ledger, RefundStore refunds, RefundCompletion completion,
      PricingApi pricing) {
    this.ledger = ledger;
    this.refunds = refunds;
    this.completion = completion;
    this.pricing = pricing;
  }

  /** The payments engine's idempotency key of one attempt at a refund. */
  static String engineKey(UUID refundId, int attempt) {
    return ENGINE_KEY.of(refundId, attempt);
  }

  static UUID refundOf(PaymentTransaction t) {
    return ENGINE_KEY.objectOf(t);
  }

  @Override
  public String key() {
    return KEY;
  }

  @Override
  public PaymentPlan plan(CurrentUser user, PaymentRequest request) {
    MerchantRefundRequest r = (MerchantRefundRequest) request;
    RefundStore.Row row = refunds.ofPayer(user.userId(), r.refundId())
        .filter(RefundStore.Row::pending)
        .orElseThrow(() -> new OkPayException(ErrorCode.REFUND_NOT_FOUND));
    Currency currency = Currency.getInstance(row.view().currency());
    long amount = row.view().amountMinor();
    return new PaymentPlan(KEY, false, amount, currency, 0, null, null, null, null, null, null,
        null, null, row.view().merchantName(), null, null,
        pricing.equivalentMinor(amount, currency, pricing.limitCurrency()));
  }

  @Override
  public Limit limit(boolean emailVerified) {
    Limit p2p = pricing.limit(Operation.P2P, emailVerified);
    return new Limit(null, p2p.limitCurrency(), NO_CAP, NO_CAP);
  }

  @Override
  public boolean riskChecked() {
    return false;
  }

  @Override
  public List<TransferRequest> complete(PaymentTransaction t) {
    RefundStore.Row row = refunds.byId(refundOf(t)).orElseThrow();
    return List.of(ledger.posted(t, "refund", ledger.merchant(row.merchantId(), t.currency()),
        ledger.wallet(t.userId(), t.currency()), t.amountMinor(), t.currency(), KEY));
  }

  @Override
  public String completedLeg() {
    return "refund";
  }

  @Override
  public void completed(PaymentTransaction t, PaymentNotifier notifier) {
    completion.succeeded(t, refundOf(t));
    notifier.arrived(t, true);
  }
}
