package org.okpay.throwaway;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.okpay.identity.CurrentUser;
import org.okpay.ledger.TransferRequest;
import org.okpay.payments.AccountKind;
import org.okpay.payments.Limit;
import org.okpay.payments.OperationType;
import org.okpay.payments.PaymentLedger;
import org.okpay.payments.PaymentNotifier;
import org.okpay.payments.PaymentPlan;
import org.okpay.payments.PaymentRail.BankAccountDetails;
import org.okpay.payments.PaymentRail;
import org.okpay.payments.PaymentRequest;
import org.okpay.payments.PaymentTransaction;
import org.okpay.payments.Rail;
import org.okpay.payments.RailOutcome;
import org.okpay.shared.ErrorCode;
import org.okpay.shared.OkPayException;
import org.okpay.status.StatusComponent;

/**
 * A throw-away operation type registered from outside payments, through its public API only: a
 * donation to one charity's bank account over the domestic bank rail. Legs: hold: wallet → bank
 * rail (amount), pending; complete: post the hold; fail: void it.
 */
public class DonationType implements OperationType {

  static final String KEY = "test_donation";
  static final BankAccountDetails CHARITY = new BankAccountDetails("Harbor Kids Trust",
      "000123456789", "SBOXGB2L", "GB", java.util.Currency.getInstance("USD"));
  static final long DAILY_MINOR = 100_000;

  private final PaymentLedger ledger;
  private final PaymentRail rail;

  public DonationType(PaymentLedger ledger, PaymentRail rail) {
    this.ledger = ledger;
    this.rail = rail;
  }

  @Override
  public String key() {
    return KEY;
  }

  @Override
  public PaymentPlan plan(CurrentUser user, PaymentRequest request) {
    Donation donation = (Donation) request;
    if (donation.amountMinor() <= 0 || !CHARITY.currency().equals(donation.currency())) {
      throw new OkPayException(ErrorCode.VALIDATION_FAILED, Map.of("field", "amountMinor"));
    }
    return new PaymentPlan(KEY, true, donation.amountMinor(), donation.currency(), 0, null, null,
        null, null, null, null, null, CHARITY, CHARITY.holderName(), null, Rail.DOMESTIC_BANK,
        donation.amountMinor());
  }

  @Override
  public Limit limit(boolean emailVerified) {
    return new Limit(null, CHARITY.currency(), DAILY_MINOR, DAILY_MINOR * 10);
  }

  @Override
  public Optional<StatusComponent> statusComponent() {
    return Optional.of(StatusComponent.BANK_TRANSFERS);
  }

  @Override
  public boolean riskChecked() {
    return false;
  }

  @Override
  public boolean holdsFirst() {
    return true;
  }

  @Override
  public List<TransferRequest> hold(PaymentTransaction t) {
    return ledger.hold(t, ledger.system(AccountKind.BANK_RAIL, t.currency()));
  }

  @Override
  public List<TransferRequest> complete(PaymentTransaction t) {
    return ledger.postHolds(t);
  }

  @Override
  public String completedLeg() {
    return "post";
  }

  @Override
  public List<TransferRequest> release(PaymentTransaction t) {
    return ledger.releaseHolds(t);
  }

  @Override
  public Optional<RailOutcome> callRail(PaymentTransaction t) {
    return Optional.of(rail.payout(t.id().toString(), Rail.DOMESTIC_BANK, t.recipientBank(),
        t.amountMinor(), t.currency()));
  }

  @Override
  public void completed(PaymentTransaction t, PaymentNotifier notifier) {
    notifier.arrived(t, false);
  }
}
