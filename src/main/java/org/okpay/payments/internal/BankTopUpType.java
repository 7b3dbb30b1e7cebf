package org.okpay.payments.internal;

import java.util.Optional;
import org.okpay.identity.CurrentUser;
import org.okpay.payments.AccountKind;
import org.okpay.payments.FundingSourcesApi.BankAccount;
import org.okpay.payments.Operation;
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
 * Top-up pulled from one of the user's verified bank accounts, in its currency
 * ({@link PaymentRequest.BankTopUp}); usually processing for a while (legs: see
 * {@link TopUpType}).
 */
@Component
class BankTopUpType extends TopUpType {

  private final FundingSourceLookup banks;
  private final PaymentRail rail;

  BankTopUpType(Planner planner, FundingSourceLookup banks, PaymentRail rail, Legs legs) {
    super(Operation.TOPUP_BANK, AccountKind.BANK_RAIL, planner, legs);
    this.banks = banks;
    this.rail = rail;
  }

  @Override
  public PaymentPlan plan(CurrentUser user, PaymentRequest request) {
    PaymentRequest.BankTopUp r = (PaymentRequest.BankTopUp) request;
    Planner.requireAmount(r.amountMinor());
    BankAccount bank = planner.verifiedBank(user, r.bankAccountId());
    return planner.simple(Operation.TOPUP_BANK, false, r.amountMinor(), bank.currency(), null,
        bank.id(), null, Planner.bankText(bank), null, Rail.DOMESTIC_BANK);
  }

  @Override
  public Optional<StatusComponent> statusComponent() {
    return Optional.of(StatusComponent.BANK_TRANSFERS);
  }

  @Override
  public Optional<RailOutcome> callRail(PaymentTransaction t) {
    return banks.verifiedBankAccount(t.userId(), t.bankAccountId()).map(b -> rail.collect(
        t.id().toString(), b, t.totalMinor(), t.currency()));
  }
}
