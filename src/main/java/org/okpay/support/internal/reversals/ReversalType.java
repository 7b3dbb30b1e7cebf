package org.okpay.support.internal.reversals;

import java.util.List;
import java.util.UUID;
import org.okpay.identity.CurrentUser;
import org.okpay.identity.IdentityApi;
import org.okpay.identity.IdentityApi.Contact;
import org.okpay.ledger.TransferRequest;
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
import org.okpay.support.ReversalsApi.ReversalStatus;
import org.springframework.stereotype.Component;

/**
 * Support gives a completed payment between users back ({@code reversal}); never leaves OKPay. The
 * transaction is the recipient's (outgoing, counterparty the payer), so both see it in their
 * history with its tracker, and the engine's guards look at the recipient's frozen state and
 * balance. One leg:
 *
 * <pre>
 * complete: recipient wallet → payer wallet (amount), in the payment's currency
 * </pre>
 *
 * <p>The payer's fee of the original payment is not returned (P2P is free by default). The
 * engine's idempotency key is derived from the request ({@code reversal:<request id>}), and the
 * request is live for one transaction at a time (a unique index), so a transaction's money goes
 * back at most once. No limits and no risk checks: the recipient does not choose to send.
 */
@Component
class ReversalType implements OperationType {

  static final String KEY = "reversal";
  static final String LEG = "reverse";
  private static final String ENGINE_KEY = "reversal:";
  /** Large enough never to refuse, small enough never to overflow the arithmetic. */
  private static final long NO_CAP = Long.MAX_VALUE / 4;

  private final PaymentLedger ledger;
  private final ReversalStore store;
  private final ReversalCompletion completion;
  private final IdentityApi identity;
  private final PricingApi pricing;

  ReversalType(PaymentLedger ledger, ReversalStore store, ReversalCompletion completion,
      IdentityApi identity, PricingApi pricing) {
    this.ledger = ledger;
    this.store = store;
    this.completion = completion;
    this.identity = identity;
    this.pricing = pricing;
  }

  /** The payments engine's idempotency key of a request: one per request, so a retry is one. */
  static String engineKey(UUID reversalId) {
    return ENGINE_KEY + reversalId;
  }

  static UUID reversalOf(PaymentTransaction t) {
    return UUID.fromString(t.idempotencyKey().substring(ENGINE_KEY.length()));
  }

  @Override
  public String key() {
    return KEY;
  }

  @Override
  public PaymentPlan plan(CurrentUser user, PaymentRequest request) {
    ReversalRequest r = (ReversalRequest) request;
    ReversalStore.Row row = store.byId(r.reversalId())
        .filter(x -> x.status() == ReversalStatus.APPROVED)
        .filter(x -> x.view().recipientUserId().equals(user.userId()))
        .orElseThrow(() -> new OkPayException(ErrorCode.REVERSAL_NOT_FOUND));
    Contact payer = identity.contact(row.view().payerUserId())
        .orElseThrow(() -> new OkPayException(ErrorCode.USER_NOT_FOUND));
    long amount = row.view().amount().amountMinor();
    var currency = row.view().amount().currency();
    return new PaymentPlan(KEY, true, amount, currency, 0, null, null, null, null, null, null,
        payer, null, payer.email(), null, null,
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
    return List.of(ledger.posted(t, LEG, ledger.wallet(t.userId(), t.currency()),
        ledger.wallet(t.counterpartyUserId(), t.currency()), t.amountMinor(), t.currency(), KEY));
  }

  @Override
  public String completedLeg() {
    return LEG;
  }

  /** In the engine's local transaction with the completion: the request is executed with it. */
  @Override
  public void completed(PaymentTransaction t, PaymentNotifier notifier) {
    completion.executed(t, reversalOf(t));
  }
}
