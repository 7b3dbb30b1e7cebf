package org.okpay.merchants.internal.payouts;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.okpay.identity.CurrentUser;
import org.okpay.identity.IdentityApi;
import org.okpay.identity.Role;
import org.okpay.merchants.Access;
import org.okpay.merchants.ApiResource;
import org.okpay.merchants.Merchant;
import org.okpay.merchants.MerchantCaller;
import org.okpay.merchants.MerchantsApi;
import org.okpay.merchants.PayoutsApi;
import org.okpay.merchants.internal.MerchantsAudit;
import org.okpay.payments.PaymentsApi;
import org.okpay.payments.TransactionView;
import org.okpay.shared.ErrorCode;
import org.okpay.shared.OkPayException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Payouts: the owner's {@code merchant_payout} transaction on the payments engine (the engine
 * gives idempotency, the hold, the rail, reconciliation and returns), recorded against the
 * merchant so that it lists its own.
 */
@Service
class PayoutService implements PayoutsApi {

  static final int KEY_LENGTH_MAX = 100;
  static final int LIST_MAX = 100;

  private final MerchantsApi merchants;
  private final IdentityApi identity;
  private final PaymentsApi payments;
  private final PayoutStore store;
  private final MerchantsAudit audit;
  private final TransactionTemplate tx;

  PayoutService(MerchantsApi merchants, IdentityApi identity, PaymentsApi payments,
      PayoutStore store, MerchantsAudit audit, TransactionTemplate tx) {
    this.audit = audit;
    this.tx = tx;
    this.merchants = merchants;
    this.identity = identity;
    this.payments = payments;
    this.store = store;
  }

  @Override
  public Created create(MerchantCaller caller, String idempotencyKey, NewPayout payout) {
    caller.require(ApiResource.BALANCE, Access.WRITE);
    if (idempotencyKey == null || idempotencyKey.isBlank()) {
      throw new OkPayException(ErrorCode.IDEMPOTENCY_KEY_MISSING);
    }
    if (idempotencyKey.length() > KEY_LENGTH_MAX) {
      throw new OkPayException(ErrorCode.VALIDATION_FAILED, Map.of("field", "Idempotency-Key"));
    }
    if (payout == null || payout.amountMinor() == null) {
      throw new OkPayException(ErrorCode.VALIDATION_FAILED, Map.of("field", "amountMinor"));
    }
    Merchant merchant = merchants.merchant(caller.merchantId())
        .orElseThrow(() -> new OkPayException(ErrorCode.MERCHANT_NOT_FOUND));
    CurrentUser owner = identity.contact(merchant.ownerUserId())
        .map(c -> new CurrentUser(c.userId(), c.email(), c.displayName(), Role.CUSTOMER,
            c.language(), c.emailVerified(), null))
        .orElseThrow(() -> new OkPayException(ErrorCode.MERCHANT_NOT_FOUND));
    // The plan is not "outgoing" (the owner's wallet is not the source), so the engine's
    // frozen-account check does not see it: a frozen owner sends nothing out, as for a withdrawal.
    if (identity.frozen(owner.userId())) {
      throw new OkPayException(ErrorCode.ACCOUNT_FROZEN);
    }
    PaymentsApi.Executed done = payments.execute(owner,
        MerchantPayoutType.engineKey(merchant.id(), idempotencyKey),
        new MerchantPayoutRequest(merchant.id(), payout.bankAccountId(), payout.amountMinor()),
        null);
    tx.executeWithoutResult(s -> {
      store.record(merchant.id(), idempotencyKey, done.transaction().id(), owner.userId());
      if (!done.replayed()) {
        audit.byCaller("payout_requested", caller, "transaction", done.transaction().id(),
            "merchant", merchant.id().toString(),
            "amountMinor", Long.toString(done.transaction().amount().amountMinor()),
            "currency", done.transaction().amount().currency().getCurrencyCode(),
            "bankAccount", String.valueOf(payout.bankAccountId()),
            "state", done.transaction().state().name().toLowerCase(java.util.Locale.ROOT));
      }
    });
    return new Created(view(done.transaction()), done.replayed());
  }

  @Override
  public List<Payout> payouts(MerchantCaller caller, int limit) {
    caller.require(ApiResource.BALANCE, Access.READ);
    int n = Math.max(1, Math.min(limit, LIST_MAX));
    return store.latest(caller.merchantId(), n).stream()
        .map(r -> payments.transaction(r.ownerUserId(), r.transactionId()))
        .flatMap(Optional::stream).map(PayoutService::view).toList();
  }

  private static Payout view(TransactionView t) {
    return new Payout(t.id(), t.state(), t.amount(), t.bankAccountId(), t.counterparty(),
        t.createdAt(), t.expectedAt());
  }
}
