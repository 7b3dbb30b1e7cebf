package org.okpay.merchants.internal.payouts;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.okpay.identity.CurrentUser;
import org.okpay.ledger.TransferRequest;
import org.okpay.merchants.internal.MerchantsAudit;
import org.okpay.payments.AccountKind;
import org.okpay.payments.FundingSourcesApi;
import org.okpay.payments.FundingSourcesApi.BankAccount;
import org.okpay.payments.Limit;
import org.okpay.payments.Operation;
import org.okpay.payments.OperationType;
import org.okpay.payments.PaymentLedger;
import org.okpay.payments.PaymentNotifier;
import org.okpay.payments.PaymentPlan;
import org.okpay.payments.PaymentRail;
import org.okpay.payments.PaymentRequest;
import org.okpay.payments.PaymentTransaction;
import org.okpay.payments.PricingApi;
import org.okpay.payments.Rail;
import org.okpay.payments.RailOutcome;
import org.okpay.shared.ErrorCode;
import org.okpay.shared.OkPayException;
import org.okpay.status.StatusComponent;
import org.springframework.stereotype.Component;

/**
 * A merchant's payout ({@code merchant_payout}): the withdrawal's flow with the merchant's
 * balance as the source. The owner's transaction (user_id = the owner who asked), no fee:
 *
 * <pre>
 * hold:     merchant balance → bank rail (amount), pending
 * complete: post the hold;  fail: void it
 * return:   bank rail → merchant balance (amount)
 * </pre>
 *
 * <p>The merchant is read from the engine key ({@link #engineKey}). The plan refuses more than
 * the merchant's available balance ({@code insufficient_funds}) before anything is recorded; the
 * ledger (merchant accounts never go negative) is the backstop when two payouts race.
 */
@Component
class MerchantPayoutType implements OperationType {

  static final String KEY = "merchant_payout";
  static final String PREFIX = "merchant-payout:";
  /** Payouts are the merchant's money, not the owner's: the owner's personal caps do not apply. */
  private static final long NO_CAP = Long.MAX_VALUE / 4;

  private final PaymentLedger ledger;
  private final FundingSourcesApi sources;
  private final PaymentRail rail;
  private final PricingApi pricing;
  private final PayoutBalances balances;
  private final MerchantsAudit audit;

  MerchantPayoutType(PaymentLedger ledger, FundingSourcesApi sources, PaymentRail rail,
      PricingApi pricing, PayoutBalances balances, MerchantsAudit audit) {
    this.audit = audit;
    this.ledger = ledger;
    this.sources = sources;
    this.rail = rail;
    this.pricing = pricing;
    this.balances = balances;
  }

  /** The payments engine's idempotency key: the merchant, then the caller's Idempotency-Key. */
  static String engineKey(UUID merchantId, String idempotencyKey) {
    return PREFIX + merchantId + ":" + idempotencyKey;
  }

  static UUID merchantOf(PaymentTransaction t) {
    String key = t.idempotencyKey();
    return UUID.fromString(key.substring(PREFIX.length(), PREFIX.length() + 36));
  }

  @Override
  public String key() {
    return KEY;
  }

  @Override
  public PaymentPlan plan(CurrentUser user, PaymentRequest request) {
    MerchantPayoutRequest r = (MerchantPayoutRequest) request;
    if (r.amountMinor() <= 0) {
      throw new OkPayException(ErrorCode.VALIDATION_FAILED, Map.of("field", "amountMinor"));
    }
    if (r.bankAccountId() == null) {
      throw new OkPayException(ErrorCode.VALIDATION_FAILED, Map.of("field", "bankAccountId"));
    }
    BankAccount bank = sources.bankAccount(user.userId(), r.bankAccountId())
        .orElseThrow(() -> new OkPayException(ErrorCode.BANK_ACCOUNT_NOT_FOUND,
            Map.of("field", "bankAccountId")));
    if (bank.state() != FundingSourcesApi.BankAccountState.VERIFIED) {
      throw new OkPayException(ErrorCode.BANK_ACCOUNT_NOT_VERIFIED,
          Map.of("field", "bankAccountId"));
    }
    long available = balances.available(r.merchantId(), bank.currency());
    if (available < r.amountMinor()) {
      throw new OkPayException(ErrorCode.INSUFFICIENT_FUNDS, Map.of(
          "availableMinor", available, "currency", bank.currency().getCurrencyCode()));
    }
    return new PaymentPlan(KEY, false, r.amountMinor(), bank.currency(), 0, null, null, null,
        null, null, bank.id(), null, null, bank.holderName() + " " + bank.accountMasked(), null,
        Rail.DOMESTIC_BANK,
        pricing.equivalentMinor(r.amountMinor(), bank.currency(), pricing.limitCurrency()));
  }

  @Override
  public Limit limit(boolean emailVerified) {
    Limit withdrawal = pricing.limit(Operation.WITHDRAWAL, emailVerified);
    return new Limit(null, withdrawal.limitCurrency(), NO_CAP, NO_CAP);
  }

  @Override
  public boolean riskChecked() {
    return false;
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
    return List.of(TransferRequest.pending(ledger.legId(t, "hold"),
        ledger.merchant(merchantOf(t), t.currency()),
        ledger.system(AccountKind.BANK_RAIL, t.currency()), t.amountMinor(), t.currency(), null,
        KEY, t.id().toString()));
  }

  @Override
  public List<TransferRequest> complete(PaymentTransaction t) {
    return List.of(TransferRequest.postPending(ledger.legId(t, "post"), ledger.legId(t, "hold"),
        0, KEY));
  }

  @Override
  public String completedLeg() {
    return "post";
  }

  @Override
  public List<TransferRequest> release(PaymentTransaction t) {
    return List.of(TransferRequest.voidPending(ledger.legId(t, "release"),
        ledger.legId(t, "hold"), KEY));
  }

  @Override
  public boolean returnable() {
    return true;
  }

  @Override
  public List<TransferRequest> giveBack(PaymentTransaction t) {
    return List.of(ledger.posted(t, "return", ledger.system(AccountKind.BANK_RAIL, t.currency()),
        ledger.merchant(merchantOf(t), t.currency()), t.amountMinor(), t.currency(), "return"));
  }

  @Override
  public Optional<RailOutcome> callRail(PaymentTransaction t) {
    return sources.verifiedPayoutDetails(t.userId(), t.bankAccountId()).map(b -> rail.payout(
        t.id().toString(), Rail.DOMESTIC_BANK, b, t.amountMinor(), t.currency()));
  }

  @Override
  public void completed(PaymentTransaction t, PaymentNotifier notifier) {
    notifier.arrived(t, false);
    audit.bySystem("payout_completed", "transaction", t.id(), "merchant",
        merchantOf(t).toString(), "amountMinor", Long.toString(t.amountMinor()),
        "currency", t.currency().getCurrencyCode());
  }
}
