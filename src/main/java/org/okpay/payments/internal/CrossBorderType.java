package org.okpay.payments.internal;

import java.util.List;
import java.util.Optional;
import org.okpay.identity.CurrentUser;
import org.okpay.ledger.TransferRequest;
import org.okpay.payments.AccountKind;
import org.okpay.payments.FxApi.Quote;
import org.okpay.payments.Limit;
import org.okpay.payments.Operation;
import org.okpay.payments.OperationType;
import org.okpay.payments.PaymentNotifier;
import org.okpay.payments.PaymentPlan;
import org.okpay.payments.PaymentRail.BankAccountDetails;
import org.okpay.payments.PaymentRail;
import org.okpay.payments.PaymentRequest;
import org.okpay.payments.PaymentTransaction;
import org.okpay.payments.Rail;
import org.okpay.payments.RailOutcome;
import org.okpay.shared.Money;
import org.okpay.status.StatusComponent;
import org.springframework.stereotype.Component;

/**
 * Money sent abroad to a bank account at a cross-border quote's rate
 * ({@link PaymentRequest.CrossBorder}); the partner bank pays out in the recipient's currency.
 * Legs: hold: wallet(src) → fx(src) (amount), wallet(src) → fees (fee), both pending; complete:
 * post both holds, fx(dst) → cross-border rail(dst) (target); fail: void both; return: rail(dst)
 * → fx(dst), fx(src) → wallet, fees → wallet.
 */
@Component
class CrossBorderType implements OperationType {

  private final Planner planner;
  private final Quotes quotes;
  private final PaymentRail rail;
  private final Legs legs;

  CrossBorderType(Planner planner, Quotes quotes, PaymentRail rail, Legs legs) {
    this.planner = planner;
    this.quotes = quotes;
    this.rail = rail;
    this.legs = legs;
  }

  @Override
  public String key() {
    return Operation.CROSS_BORDER.key();
  }

  @Override
  public PaymentPlan plan(CurrentUser user, PaymentRequest request) {
    PaymentRequest.CrossBorder r = (PaymentRequest.CrossBorder) request;
    Quote quote = quotes.readable(user.userId(), Planner.requireId(r.quoteId(), "quoteId"),
        Operation.CROSS_BORDER);
    BankAccountDetails to = RecipientBanks.require(r.recipient(), quote.target());
    return planner.fx(quote, to, to.holderName() + " · "
        + RecipientBanks.masked(to.accountNumber()) + " (" + to.country() + ")",
        Rail.CROSS_BORDER);
  }

  @Override
  public Limit limit(boolean emailVerified) {
    return planner.limit(Operation.CROSS_BORDER, emailVerified);
  }

  @Override
  public Optional<StatusComponent> statusComponent() {
    return Optional.of(StatusComponent.CROSS_BORDER);
  }

  @Override
  public boolean holdsFirst() {
    return true;
  }

  @Override
  public List<TransferRequest> hold(PaymentTransaction t) {
    return legs.hold(t, legs.system(AccountKind.FX, t.currency()));
  }

  @Override
  public List<TransferRequest> complete(PaymentTransaction t) {
    List<TransferRequest> complete = new java.util.ArrayList<>(legs.postHolds(t));
    complete.add(legs.posted(t, "payout", legs.system(AccountKind.FX, t.targetCurrency()),
        legs.system(AccountKind.CROSS_BORDER_RAIL, t.targetCurrency()), t.targetAmountMinor(),
        t.targetCurrency(), t.operation()));
    return complete;
  }

  @Override
  public String completedLeg() {
    return "post";
  }

  @Override
  public List<TransferRequest> release(PaymentTransaction t) {
    return legs.releaseHolds(t);
  }

  @Override
  public boolean returnable() {
    return true;
  }

  @Override
  public List<TransferRequest> giveBack(PaymentTransaction t) {
    return legs.returnWithFee(t,
        legs.posted(t, "return-payout", legs.system(AccountKind.CROSS_BORDER_RAIL,
            t.targetCurrency()), legs.system(AccountKind.FX, t.targetCurrency()),
            t.targetAmountMinor(), t.targetCurrency(), "return"),
        legs.posted(t, "return", legs.system(AccountKind.FX, t.currency()),
            legs.wallet(t.userId(), t.currency()), t.amountMinor(), t.currency(), "return"));
  }

  @Override
  public Optional<RailOutcome> callRail(PaymentTransaction t) {
    return Optional.of(rail.payout(t.id().toString(), Rail.CROSS_BORDER, t.recipientBank(),
        t.targetAmountMinor(), t.targetCurrency()));
  }

  /** The partner bank confirms what the recipient gets, in their currency. */
  @Override
  public Money railConfirms(PaymentTransaction t) {
    return new Money(t.targetAmountMinor(), t.targetCurrency());
  }

  @Override
  public void completed(PaymentTransaction t, PaymentNotifier notifier) {
    notifier.arrived(t, false);
  }
}
