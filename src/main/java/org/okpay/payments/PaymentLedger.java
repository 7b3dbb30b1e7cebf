package org.okpay.payments;

import java.util.Currency;
import java.util.List;
import java.util.UUID;
import org.okpay.ledger.TransferRequest;

/**
 * The ledger accounts and legs an {@link OperationType} builds its phases from. Every leg's id
 * is derived from the transaction id and the leg's name, so a phase applied twice moves money
 * once; every leg carries the operation key as its code and the transaction id as its reference.
 *
 * <p>The legs of the built-in operations (the doc of record; each type's file declares its row):
 *
 * <pre>
 * top-up        complete: rail → wallet (amount), rail → fees (fee)
 * withdrawal    hold: wallet → bank rail (amount), wallet → fees (fee), both pending
 *               complete: post both holds;  fail: void both
 *               return: bank rail → wallet (amount), fees → wallet (fee)
 * p2p           complete: sender → recipient (amount), sender → fees (fee)
 * convert       complete: wallet(src) → fx(src) (amount), fx(dst) → wallet(dst) (target),
 *               wallet(src) → fees(src) (fee)
 * merchant payment (merchants module, {@code merchant_payment})
 *               complete: payer wallet → merchant balance (amount), merchant balance → fees
 *               (merchant fee); from another currency: wallet(src) → fx(src) (amount),
 *               fx(dst) → merchant balance (target), wallet(src) → fees(src) (FX fee),
 *               merchant balance → fees(dst) (merchant fee)
 * merchant payout (merchants module, {@code merchant_payout})
 *               hold: merchant balance → bank rail (amount), pending
 *               complete: post the hold;  fail: void it;  return: bank rail → merchant balance
 * reversal (support module, {@code reversal}; the recipient's transaction, counterparty the payer)
 *               complete: recipient wallet → payer wallet (amount)
 * cross-border  hold: wallet(src) → fx(src) (amount), wallet(src) → fees (fee), both pending
 *               complete: post both holds, fx(dst) → cross-border rail(dst) (target)
 *               fail: void both;  return: rail(dst) → fx(dst), fx(src) → wallet, fees → wallet
 * </pre>
 */
public interface PaymentLedger {

  /** The user's wallet in the currency, opened when first needed. */
  long wallet(UUID userId, Currency currency);

  /**
   * The merchant's balance in the currency (owner type merchant, kind {@code balance}), opened
   * when first needed; never negative.
   */
  long merchant(UUID merchantId, Currency currency);

  /** OKPay's account of this kind in the currency, opened when first needed. */
  long system(AccountKind kind, Currency currency);

  /** The id of the transaction's leg with this name. */
  UUID legId(PaymentTransaction t, String leg);

  /** A posted leg {@code leg}: {@code amountMinor} from one account to another. */
  TransferRequest posted(PaymentTransaction t, String leg, long fromAccount, long toAccount,
      long amountMinor, Currency currency, String code);

  /** The legs: amount and fee held in the wallet, pending, towards {@code toAccount}. */
  List<TransferRequest> hold(PaymentTransaction t, long toAccount);

  /** Posts both holds of {@link #hold}. */
  List<TransferRequest> postHolds(PaymentTransaction t);

  /** Voids both holds of {@link #hold}; voiding a hold never placed changes nothing. */
  List<TransferRequest> releaseHolds(PaymentTransaction t);

  /** {@code main}, then the fee (when there is one) from the user's wallet to fees. */
  List<TransferRequest> withWalletFee(PaymentTransaction t, TransferRequest... main);
}
