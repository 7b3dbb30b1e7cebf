package org.okpay.payments;

import java.util.Currency;

/**
 * The fee of one operation.
 *
 * @param feeMinor what OKPay charges, in minor units of {@code currency} (the operation's
 *     currency; for a conversion the source currency)
 * @param rule which rule of the schedule gave it, e.g. {@code cross_border:USD},
 *     {@code convert:*}, or {@code none} when no rule applies (then the fee is 0)
 */
public record Fee(long feeMinor, Currency currency, String rule) {

  public static final String NO_RULE = "none";

  public Fee {
    if (feeMinor < 0) {
      throw new IllegalArgumentException("a fee is never negative");
    }
  }
}
