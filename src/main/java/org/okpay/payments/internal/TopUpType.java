package org.okpay.payments.internal;

import java.util.List;
import org.okpay.ledger.TransferRequest;
import org.okpay.payments.AccountKind;
import org.okpay.payments.Limit;
import org.okpay.payments.Operation;
import org.okpay.payments.OperationType;
import org.okpay.payments.PaymentNotifier;
import org.okpay.payments.PaymentTransaction;
import org.okpay.payments.TrackerStep;
import org.okpay.shared.Money;

/**
 * What the two top-ups share: the card or bank pays amount + fee; legs: complete: rail → wallet
 * (amount), rail → fees (fee); the money is "credited" and the notice says it is in the balance.
 */
abstract class TopUpType implements OperationType {

  private final Operation operation;
  private final AccountKind railAccount;
  final Planner planner;
  final Legs legs;

  TopUpType(Operation operation, AccountKind railAccount, Planner planner, Legs legs) {
    this.operation = operation;
    this.railAccount = railAccount;
    this.planner = planner;
    this.legs = legs;
  }

  @Override
  public String key() {
    return operation.key();
  }

  @Override
  public Limit limit(boolean emailVerified) {
    return planner.limit(operation, emailVerified);
  }

  @Override
  public List<TransferRequest> complete(PaymentTransaction t) {
    return legs.topUp(t, railAccount);
  }

  @Override
  public String completedLeg() {
    return "credit";
  }

  /** The card or bank pays the fee too. */
  @Override
  public Money railConfirms(PaymentTransaction t) {
    return new Money(t.totalMinor(), t.currency());
  }

  @Override
  public TrackerStep arrivedStep() {
    return TrackerStep.CREDITED;
  }

  @Override
  public void completed(PaymentTransaction t, PaymentNotifier notifier) {
    notifier.arrived(t, true);
  }
}
