package org.okpay.payments;

import java.math.BigDecimal;

/**
 * One line of the fee schedule: fee = fixed + amount × percent / 100 (rounded half-up to a minor
 * unit), then raised to {@code minMinor} and lowered to {@code maxMinor} (0: no maximum).
 *
 * @param currency an ISO 4217 code, or {@link #ANY_CURRENCY} for every currency without a rule of
 *     its own; amounts in minor units only make sense for one currency, so a "*" rule has
 *     a percent only (fixed, minimum and maximum 0)
 * @param percent e.g. 0.5 for 0.5 %
 */
public record FeeRule(Operation operation, String currency, long fixedMinor, BigDecimal percent,
    long minMinor, long maxMinor) {

  public static final String ANY_CURRENCY = "*";

  /** How the rule is named in {@link Fee#rule()}, e.g. {@code convert:*}. */
  public String key() {
    return operation.key() + ":" + currency;
  }

  public boolean anyCurrency() {
    return ANY_CURRENCY.equals(currency);
  }
}
