package org.okpay.payments.internal;

import java.util.Currency;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.okpay.identity.CurrentUser;
import org.okpay.identity.IdentityApi.Contact;
import org.okpay.identity.IdentityApi;
import org.okpay.ledger.TransferRequest;
import org.okpay.payments.Limit;
import org.okpay.payments.Operation;
import org.okpay.payments.OperationType;
import org.okpay.payments.PaymentNotifier;
import org.okpay.payments.PaymentPlan;
import org.okpay.payments.PaymentRequest;
import org.okpay.payments.PaymentTransaction;
import org.okpay.shared.ErrorCode;
import org.okpay.shared.OkPayException;
import org.okpay.status.StatusComponent;
import org.springframework.stereotype.Component;

/**
 * Money sent to another OKPay user, found by e-mail address or phone number
 * ({@link PaymentRequest.Send}); never leaves OKPay. Legs: complete: sender → recipient
 * (amount), sender → fees (fee).
 */
@Component
class P2pType implements OperationType {

  private final Planner planner;
  private final IdentityApi identity;
  private final Legs legs;

  P2pType(Planner planner, IdentityApi identity, Legs legs) {
    this.planner = planner;
    this.identity = identity;
    this.legs = legs;
  }

  @Override
  public String key() {
    return Operation.P2P.key();
  }

  @Override
  public PaymentPlan plan(CurrentUser user, PaymentRequest request) {
    PaymentRequest.Send r = (PaymentRequest.Send) request;
    Planner.requireAmount(r.amountMinor());
    Currency currency = Planner.requireSupported(r.currency(), "currency");
    String note = Planner.note(r.note());
    // A phone number typed without + is read as dialled in the payer's country.
    Contact recipient = identity.payableUser(r.recipient(), user.country()).orElseThrow(() ->
        new OkPayException(ErrorCode.RECIPIENT_NOT_FOUND, Map.of("field", "recipient")));
    if (recipient.userId().equals(user.userId())) {
      throw new OkPayException(ErrorCode.CANNOT_PAY_YOURSELF, Map.of("field", "recipient"));
    }
    // Paid by phone, the payer sees the number they used, not the owner's e-mail address.
    boolean byEmail = r.recipient().contains("@") || recipient.phone() == null;
    return planner.simple(Operation.P2P, true, r.amountMinor(), currency, null, null, recipient,
        byEmail ? recipient.email() : recipient.phone(), note, null);
  }

  @Override
  public Limit limit(boolean emailVerified) {
    return planner.limit(Operation.P2P, emailVerified);
  }

  @Override
  public Optional<StatusComponent> statusComponent() {
    return Optional.of(StatusComponent.P2P_PAYMENTS);
  }

  @Override
  public List<TransferRequest> complete(PaymentTransaction t) {
    return legs.withWalletFee(t, legs.posted(t, "send", legs.wallet(t.userId(), t.currency()),
        legs.wallet(t.counterpartyUserId(), t.currency()), t.amountMinor(), t.currency(),
        t.operation()));
  }

  @Override
  public String completedLeg() {
    return "send";
  }

  @Override
  public void completed(PaymentTransaction t, PaymentNotifier notifier) {
    notifier.sentToUser(t);
  }
}
