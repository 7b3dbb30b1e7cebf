package org.okpay.payments.internal;

import java.util.List;
import org.okpay.identity.CurrentUser;
import org.okpay.ledger.TransferRequest;
import org.okpay.payments.AccountKind;
import org.okpay.payments.FxApi.Quote;
import org.okpay.payments.Limit;
import org.okpay.payments.Operation;
import org.okpay.payments.OperationType;
import org.okpay.payments.PaymentNotifier;
import org.okpay.payments.PaymentPlan;
import org.okpay.payments.PaymentRequest;
import org.okpay.payments.PaymentTransaction;
import org.springframework.stereotype.Component;

/**
 * Conversion between two of the user's balances at a quote's rate ({@link PaymentRequest.Convert});
 * never leaves OKPay, no risk checks (the money stays the user's), no notice (the user is
 * looking at it). Legs: complete: wallet(src) → fx(src) (amount), fx(dst) → wallet(dst)
 * (target), wallet(src) → fees(src) (fee).
 */
@Component
class ConversionType implements OperationType {

  private final Planner planner;
  private final Quotes quotes;
  private final Legs legs;

  ConversionType(Planner planner, Quotes quotes, Legs legs) {
    this.planner = planner;
    this.quotes = quotes;
    this.legs = legs;
  }

  @Override
  public String key() {
    return Operation.CONVERT.key();
  }

  @Override
  public PaymentPlan plan(CurrentUser user, PaymentRequest request) {
    PaymentRequest.Convert r = (PaymentRequest.Convert) request;
    Quote quote = quotes.readable(user.userId(), Planner.requireId(r.quoteId(), "quoteId"),
        Operation.CONVERT);
    return planner.fx(quote, null, quote.source().getCurrencyCode() + " → "
        + quote.target().getCurrencyCode(), null);
  }

  @Override
  public Limit limit(boolean emailVerified) {
    return planner.limit(Operation.CONVERT, emailVerified);
  }

  @Override
  public boolean riskChecked() {
    return false;
  }

  @Override
  public List<TransferRequest> complete(PaymentTransaction t) {
    return legs.withWalletFee(t,
        legs.posted(t, "sell", legs.wallet(t.userId(), t.currency()),
            legs.system(AccountKind.FX, t.currency()), t.amountMinor(), t.currency(),
            t.operation()),
        legs.posted(t, "buy", legs.system(AccountKind.FX, t.targetCurrency()),
            legs.wallet(t.userId(), t.targetCurrency()), t.targetAmountMinor(),
            t.targetCurrency(), t.operation()));
  }

  @Override
  public String completedLeg() {
    return "sell";
  }

  @Override
  public void completed(PaymentTransaction t, PaymentNotifier notifier) {
    // The user is looking at the result; a conversion tells nobody else.
  }
}
