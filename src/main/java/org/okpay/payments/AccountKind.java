package org.okpay.payments;

import java.util.Locale;

/**
 * The kinds of ledger account payments moves money between: each user's wallet per currency, and
 * OKPay's system accounts per currency (the outside world behind each rail, fees, the FX pool),
 * which may go negative. The key is the ledger account's {@code kind}.
 */
public enum AccountKind {
  /** A user's balance in one currency. */
  WALLET,
  /** The card networks: money charged to cards comes from here. */
  CARD_RAIL,
  /** Domestic banks: collections come from here, withdrawals go here. */
  BANK_RAIL,
  /** Partner banks abroad: cross-border payouts go here, in the recipient's currency. */
  CROSS_BORDER_RAIL,
  FEES,
  /** The FX pool, one per currency: conversions sell into it in one currency, buy in another. */
  FX;

  public String key() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** System accounts belong to OKPay; a wallet belongs to a user. */
  public boolean system() {
    return this != WALLET;
  }
}
