package org.okpay.merchants;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.okpay.payments.TransactionState;
import org.okpay.shared.Money;

/**
 * A merchant's payouts to a verified bank account of its owner (operation {@code
 * merchant_payout}: the withdrawal's flow from the merchant's balance). Needs balance: write to
 * create, balance: read to list; always scoped to the caller's merchant.
 */
public interface PayoutsApi {

  /**
   * Pays out once per {@code idempotencyKey} (the same key again returns the same payout, {@code
   * replayed}); more than the available balance is {@code insufficient_funds} with no effect.
   */
  Created create(MerchantCaller caller, String idempotencyKey, NewPayout payout);

  /** One of the merchant's payouts (its id is the owner's transaction id); another's is empty. */
  java.util.Optional<Payout> payout(MerchantCaller caller, UUID payoutId);

  /** The merchant's last payouts, newest first. */
  List<Payout> payouts(MerchantCaller caller, int limit);

  record NewPayout(UUID bankAccountId, Long amountMinor) {
  }

  record Payout(UUID id, TransactionState state, Money amount, UUID bankAccountId,
      String bankAccount, Instant createdAt, Instant expectedAt) {
  }

  record Created(Payout payout, boolean replayed) {
  }
}
