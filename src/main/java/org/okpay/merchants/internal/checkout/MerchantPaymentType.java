package org.okpay.merchants.internal.checkout;

import java.time.Clock;
import java.util.Currency;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.okpay.identity.CurrentUser;
import org.okpay.ledger.TransferRequest;
import org.okpay.merchants.internal.EngineKey;
import org.okpay.payments.AccountKind;
import org.okpay.payments.FxApi;
import org.okpay.payments.Limit;
import org.okpay.payments.Operation;
import org.okpay.payments.OperationType;
import org.okpay.payments.PaymentLedger;
import org.okpay.payments.PaymentNotifier;
import org.okpay.payments.PaymentPlan;
import org.okpay.payments.PaymentRequest;
import org.okpay.payments.PaymentTransaction;
import org.okpay.payments.PricingApi;
import org.okpay.payments.SupportedCurrencies;
import org.okpay.shared.ErrorCode;
import org.okpay.shared.FieldErrors;
import org.okpay.shared.OkPayException;
import org.springframework.stereotype.Component;

/**
 * A payer pays a merchant's checkout session ({@code merchant_payment}); never leaves OKPay. The
 * payer pays no fee of its own (only the FX fee of a conversion quote when paying from another
 * currency); the merchant fee comes out of what the merchant receives. Legs, one linked call:
 *
 * <pre>
 * same currency   complete: payer wallet → merchant balance (amount),
 *                           merchant balance → fees (merchant fee)
 * other currency  complete: wallet(src) → fx(src) (amount), fx(dst) → merchant balance (target),
 *                           wallet(src) → fees(src) (FX fee), merchant balance → fees(dst)
 *                           (merchant fee)
 * </pre>
 *
 * <p>The transaction's idempotency key is the checkout's attempt ({@link #engineKey}), which names
 * the session: the legs and the completion find the session (its merchant, its fee) by it. Limits:
 * the caps configured for payments between users; risk checks as for any outgoing payment.
 */
@Component
class MerchantPaymentType implements OperationType {

  static final String KEY = "merchant_payment";
  static final String MERCHANT_FEE_CODE = "merchant_fee";
  private static final EngineKey ENGINE_KEY = new EngineKey("checkout:");

  private final PaymentLedger ledger;
  private final CheckoutSessionStore sessions;
  private final CheckoutMerchants merchants;
  private final CheckoutCompletion completion;
  private final FxApi fx;
  private final PricingApi pricing;
  private final Clock clock;

  MerchantPaymentType(PaymentLedger ledger, CheckoutSessionStore sessions, CheckoutMerchants merchants,
      CheckoutCompletion completion, FxApi fx, PricingApi pricing, Clock clock) {
    this.ledger = ledger;
    this.sessions = sessions;
    this.merchants = merchants;
    this.completion = completion;
    this.fx = fx;
    this.pricing = pricing;
    this.clock = clock;
  }

  /** The payments engine's idempotency key of one payer's attempt at a session. */
  static String engineKey(UUID sessionId, int attempt) {
    return ENGINE_KEY.of(sessionId, attempt);
  }

  static UUID sessionOf(PaymentTransaction t) {
    return ENGINE_KEY.objectOf(t);
  }

  @Override
  public String key() {
    return KEY;
  }

  /**
   * A recorded payment that failed later, e.g. a payment held for a review that the review
   * rejected: a failed payment ({@code payment.failed}) and the session given back, so that it
   * can be paid again instead of staying held for days. Called in the move's transaction; the
   * immediate failures that {@link CheckoutService#pay} handles itself arrive here too, and both
   * writes are idempotent.
   */
  @Override
  public void failed(PaymentTransaction t, ErrorCode code) {
    UUID sessionId = sessionOf(t);
    completion.failed(t.id(), t.userId(), sessionId);
    sessions.release(sessionId, t.userId(), ENGINE_KEY.attemptOf(t));
  }

  /** The status page's "Merchant checkout": a maintenance window of it refuses payments. */
  @Override
  public java.util.Optional<org.okpay.status.StatusComponent> statusComponent() {
    return java.util.Optional.of(org.okpay.status.StatusComponent.MERCHANT_CHECKOUT);
  }

  @Override
  public PaymentPlan plan(CurrentUser user, PaymentRequest request) {
    MerchantPaymentRequest r = (MerchantPaymentRequest) request;
    CheckoutSessionStore.Row s = sessions.find(requireId(r.sessionId(), "sessionId"))
        .orElseThrow(() -> new OkPayException(ErrorCode.CHECKOUT_SESSION_NOT_FOUND));
    CheckoutService.requirePayable(s, user.userId(), clock.instant());
    CheckoutMerchants.Info m = merchants.find(s.merchantId())
        .orElseThrow(() -> new OkPayException(ErrorCode.CHECKOUT_SESSION_NOT_FOUND));
    Currency from = r.payFrom() == null ? s.currency() : r.payFrom();
    if (!SupportedCurrencies.supported(from)) {
      throw new OkPayException(ErrorCode.CURRENCY_NOT_SUPPORTED, Map.of("field", "payFrom"));
    }
    String note = s.description() == null ? null
        : s.description().substring(0, Math.min(140, s.description().length()));
    if (from.equals(s.currency())) {
      return new PaymentPlan(KEY, true, s.amountMinor(), s.currency(), 0, null, null, null,
          null, null, null, null, null, m.name(), note, null,
          limitAmount(s.amountMinor(), s.currency()));
    }
    FxApi.Quote q = quote(user, r.quoteId(), from, s);
    // A quote for "they get this" may buy a minor unit more than asked (the source amount is
    // whole minor units): the merchant gets exactly the session's amount, the rest stays in FX.
    return new PaymentPlan(KEY, true, q.sourceAmountMinor(), from, q.feeMinor(),
        s.amountMinor(), s.currency(), q.rate(), q.id(), null, null, null, null, m.name(),
        note, null, limitAmount(q.sourceAmountMinor(), from));
  }

  /**
   * The payer's conversion quote from {@code from} into (at least) the session's amount, still
   * valid; an expired one is refused with a fresh quote, as conversions are.
   */
  private FxApi.Quote quote(CurrentUser user, UUID quoteId, Currency from, CheckoutSessionStore.Row s) {
    FxApi.Quote q = fx.quote(user.userId(), requireId(quoteId, "quoteId"))
        .filter(x -> x.operation() == Operation.CONVERT && x.source().equals(from)
            && x.target().equals(s.currency()) && x.targetAmountMinor() >= s.amountMinor())
        .orElseThrow(() -> new OkPayException(ErrorCode.QUOTE_NOT_FOUND,
            Map.of("field", "quoteId")));
    if (!clock.instant().isBefore(q.expiresAt())) {
      throw new OkPayException(ErrorCode.QUOTE_EXPIRED, Map.of("newQuote", fx.quote(
          user.userId(), Operation.CONVERT, from, s.currency(), 0, s.amountMinor())));
    }
    return q;
  }

  private long limitAmount(long amountMinor, Currency currency) {
    return pricing.equivalentMinor(amountMinor, currency, pricing.limitCurrency());
  }

  @Override
  public Limit limit(boolean emailVerified) {
    Limit p2p = pricing.limit(Operation.P2P, emailVerified);
    return new Limit(null, p2p.limitCurrency(), p2p.dailyMinor(), p2p.monthlyMinor());
  }

  @Override
  public List<TransferRequest> complete(PaymentTransaction t) {
    CheckoutSessionStore.Row s = sessions.find(sessionOf(t)).orElseThrow();
    long merchant = ledger.merchant(s.merchantId(), s.currency());
    long wallet = ledger.wallet(t.userId(), t.currency());
    TransferRequest fee = s.feeMinor() == 0 ? null : ledger.posted(t, "merchant-fee", merchant,
        ledger.system(AccountKind.FEES, s.currency()), s.feeMinor(), s.currency(),
        MERCHANT_FEE_CODE);
    List<TransferRequest> legs;
    if (t.targetCurrency() == null) {
      legs = ledger.withWalletFee(t, ledger.posted(t, "pay", wallet, merchant, t.amountMinor(),
          t.currency(), KEY));
    } else {
      legs = ledger.withWalletFee(t,
          ledger.posted(t, "pay", wallet, ledger.system(AccountKind.FX, t.currency()),
              t.amountMinor(), t.currency(), KEY),
          ledger.posted(t, "buy", ledger.system(AccountKind.FX, t.targetCurrency()), merchant,
              t.targetAmountMinor(), t.targetCurrency(), KEY));
    }
    if (fee == null) {
      return legs;
    }
    List<TransferRequest> all = new java.util.ArrayList<>(legs);
    all.add(fee);
    return all;
  }

  @Override
  public String completedLeg() {
    return "pay";
  }

  @Override
  public void completed(PaymentTransaction t, PaymentNotifier notifier) {
    completion.paid(t, sessionOf(t));
    notifier.arrived(t, false);
  }

  private static UUID requireId(UUID id, String field) {
    if (id == null) {
      throw FieldErrors.invalid(field, FieldErrors.REQUIRED);
    }
    return id;
  }
}
