package org.okpay.payments;

import java.util.List;
import java.util.Optional;
import org.okpay.identity.CurrentUser;
import org.okpay.ledger.TransferRequest;
import org.okpay.shared.Money;
import org.okpay.status.StatusComponent;

/**
 * One kind of money-moving operation, declared in one place: how its request becomes a plan, its
 * ledger legs per phase, its rail call and what the rail must confirm, its status component, its
 * tracker step on arrival and its notices. The engine (guards, idempotency, the state machine,
 * the tracker, reconciliation) runs every type the same way and looks them up by {@link #key()}.
 *
 * <p>To add one, another module declares a Spring bean implementing this interface, with a
 * {@link PaymentRequest} of its own whose {@link PaymentRequest#operationKey()} is the type's key,
 * and calls {@link PaymentsApi#execute}. It builds its legs with {@link PaymentLedger} and tells
 * people through {@link PaymentNotifier}; both are beans. See docs/architecture.md.
 *
 * <p>The phases: a type that {@link #holdsFirst()} gets its {@link #hold} legs applied (the
 * transaction becomes {@code pending}), then its rail is called ({@link #callRail}); a type whose
 * plan has no rail is completed at once. Completion applies {@link #complete}, a refusal or an
 * interruption {@link #release}, money the bank sent back {@link #giveBack}. Each list is applied
 * linked (all or none) with ids derived from the transaction and the leg's name, so a phase
 * applied twice moves money once.
 */
public interface OperationType {

  /**
   * Stored in payments.transactions.operation and used in fees, limits and history filters:
   * lower case, [a-z][a-z0-9_]{0,39}, unique among all types.
   */
  String key();

  /** The request, checked and priced, or a refusal ({@link org.okpay.shared.OkPayException}). */
  PaymentPlan plan(CurrentUser user, PaymentRequest request);

  /** Daily and monthly caps for the user, in the limits' currency. */
  Limit limit(boolean emailVerified);

  /** The component whose maintenance windows refuse the operation; empty for none. */
  default Optional<StatusComponent> statusComponent() {
    return Optional.empty();
  }

  /** Whether the risk checks (step-up, review) look at outgoing payments of this type. */
  default boolean riskChecked() {
    return true;
  }

  /** Whether money is held in the wallet before the rail is called. */
  default boolean holdsFirst() {
    return false;
  }

  default List<TransferRequest> hold(PaymentTransaction t) {
    return List.of();
  }

  /** The legs that complete the transaction; the first moves the money itself. */
  List<TransferRequest> complete(PaymentTransaction t);

  /** The name of the leg whose transfer in the ledger shows the completion was written. */
  String completedLeg();

  /** Undoes {@link #hold} (e.g. {@link PaymentLedger#releaseHolds}). */
  default List<TransferRequest> release(PaymentTransaction t) {
    return List.of();
  }

  /**
   * Whether a completed transaction can still come back from the bank; reconciliation watches
   * these for {@link #giveBack}.
   */
  default boolean returnable() {
    return false;
  }

  default List<TransferRequest> giveBack(PaymentTransaction t) {
    throw new UnsupportedOperationException(key() + " cannot be returned");
  }

  /**
   * Asks the rail to move the money (only for plans with a rail). Empty when the funding source
   * is gone (e.g. removed while the payment waited for a review): the transaction is released.
   * An exception means no answer, which is not a "no": reconciliation asks again.
   */
  default Optional<RailOutcome> callRail(PaymentTransaction t) {
    throw new UnsupportedOperationException(key() + " has no rail");
  }

  /** What the rail must report as moved for the ledger to complete (reconciliation). */
  default Money railConfirms(PaymentTransaction t) {
    return new Money(t.amountMinor(), t.currency());
  }

  /** The tracker step when the rail confirms ({@link TrackerStep#ARRIVED} by default). */
  default TrackerStep arrivedStep() {
    return TrackerStep.ARRIVED;
  }

  /** Tells the people involved that it completed. */
  void completed(PaymentTransaction t, PaymentNotifier notifier);

  /**
   * Called once when the transaction failed (after any hold was released), in the database
   * transaction that moves it to {@code failed}, after the engine's own notices: for what the
   * type's module records (e.g. a merchant's webhook event). Nothing by default.
   */
  default void failed(PaymentTransaction t, org.okpay.shared.ErrorCode code) {
  }

  /**
   * Called once when a completed transaction came back from the bank, in the database
   * transaction that moves it to {@code reversed}, after the engine's own notices. Nothing by
   * default.
   */
  default void returned(PaymentTransaction t) {
  }
}
