package org.okpay.payments.internal;

import java.util.List;
import java.util.Optional;
import org.okpay.identity.CurrentUser;
import org.okpay.ledger.TransferRequest;
import org.okpay.payments.AccountKind;
import org.okpay.payments.FundingSourcesApi.BankAccount;
import org.okpay.payments.Limit;
import org.okpay.payments.Operation;
import org.okpay.payments.OperationType;
import org.okpay.payments.PaymentNotifier;
import org.okpay.payments.PaymentPlan;
import org.okpay.payments.PaymentRail;
import org.okpay.payments.PaymentRequest;
import org.okpay.payments.PaymentTransaction;
import org.okpay.payments.Rail;
import org.okpay.payments.RailOutcome;
import org.okpay.payments.internal.sources.FundingSourceLookup;
import org.okpay.status.StatusComponent;
import org.springframework.stereotype.Component;

/**
 * Money sent to one of the user's verified bank accounts, in its currency
 * ({@link PaymentRequest.Withdrawal}). Legs: hold: wallet → bank rail (amount), wallet → fees
 * (fee), both pending; complete: post both holds; fail: void both; return: bank rail → wallet
 * (amount), fees → wallet (fee).
 */
@Component
class WithdrawalType implements OperationType {

  private final Planner planner;
  private final FundingSourceLookup banks;
  private final PaymentRail rail;
  private final Legs legs;

  WithdrawalType(Planner planner, FundingSourceLookup banks, PaymentRail rail, Legs legs) {
    this.planner = planner;
    this.banks = banks;
    this.rail = rail;
    this.legs = legs;
  }

  @Override
  public String key() {
    return Operation.WITHDRAWAL.key();
  }

  @Override
  public PaymentPlan plan(CurrentUser user, PaymentRequest request) {
    PaymentRequest.Withdrawal r = (PaymentRequest.Withdrawal) request;
    Planner.requireAmount(r.amountMinor());
    BankAccount bank = planner.verifiedBank(user, r.bankAccountId());
    return planner.simple(Operation.WITHDRAWAL, true, r.amountMinor(), bank.currency(), null,
        bank.id(), null, Planner.bankText(bank), null, Rail.DOMESTIC_BANK);
  }

  @Override
  public Limit limit(boolean emailVerified) {
    return planner.limit(Operation.WITHDRAWAL, emailVerified);
  }

  @Override
  public Optional<StatusComponent> statusComponent() {
    return Optional.of(StatusComponent.BANK_TRANSFERS);
  }

  @Override
  public boolean holdsFirst() {
    return true;
  }

  @Override
  public List<TransferRequest> hold(PaymentTransaction t) {
    return legs.hold(t, legs.system(AccountKind.BANK_RAIL, t.currency()));
  }

  @Override
  public List<TransferRequest> complete(PaymentTransaction t) {
    return legs.postHolds(t);
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
    return legs.returnWithFee(t, legs.posted(t, "return",
        legs.system(AccountKind.BANK_RAIL, t.currency()), legs.wallet(t.userId(), t.currency()),
        t.amountMinor(), t.currency(), "return"));
  }

  @Override
  public Optional<RailOutcome> callRail(PaymentTransaction t) {
    return banks.verifiedBankAccount(t.userId(), t.bankAccountId()).map(b -> rail.payout(
        t.id().toString(), Rail.DOMESTIC_BANK, b, t.amountMinor(), t.currency()));
  }

  @Override
  public void completed(PaymentTransaction t, PaymentNotifier notifier) {
    notifier.arrived(t, false);
  }
}
