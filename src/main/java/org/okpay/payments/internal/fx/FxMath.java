package org.okpay.payments.internal.fx;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.Currency;

/**
 * Exact money arithmetic with a rate, in minor units. A rate is "units of target per unit of
 * source" in major units, so converting minor units also shifts by the difference of the two
 * currencies' minor digits (JPY has 0, USD 2): 100.00 USD = 10000 minor × 155.37 × 10^(0−2)
 * = 15537 JPY.
 */
final class FxMath {

  /** Rates carry at most 12 significant digits; cross rates are rounded to them half-even. */
  static final MathContext RATE_CONTEXT = new MathContext(12, RoundingMode.HALF_EVEN);

  private FxMath() {
  }

  /** floor(sourceMinor × rate): OKPay never gives away a fraction of a minor unit. */
  static BigDecimal target(long sourceMinor, BigDecimal rate, Currency source, Currency target) {
    return exact(sourceMinor, rate, source, target).setScale(0, RoundingMode.FLOOR);
  }

  /** The same product rounded up: an amount counted against a limit is never undercounted. */
  static BigDecimal equivalentUp(long amountMinor, BigDecimal rate, Currency from, Currency to) {
    return exact(amountMinor, rate, from, to).setScale(0, RoundingMode.CEILING);
  }

  /**
   * The smallest source amount whose {@link #target} is at least {@code targetMinor}. Since
   * floor(x) ≥ t exactly when x ≥ t for a whole t, it is ceil(t ÷ rate), computed exactly.
   */
  static BigDecimal sourceFor(long targetMinor, BigDecimal rate, Currency source,
      Currency target) {
    BigDecimal perMinor = rate.scaleByPowerOfTen(digits(target) - digits(source));
    return BigDecimal.valueOf(targetMinor).divide(perMinor, 0, RoundingMode.CEILING);
  }

  /** rate(a → b) from two rates per one unit of a common base: perBase(b) ÷ perBase(a). */
  static BigDecimal cross(BigDecimal perBaseSource, BigDecimal perBaseTarget) {
    return perBaseTarget.divide(perBaseSource, RATE_CONTEXT).stripTrailingZeros();
  }

  private static BigDecimal exact(long minor, BigDecimal rate, Currency source, Currency target) {
    return BigDecimal.valueOf(minor).multiply(rate)
        .scaleByPowerOfTen(digits(target) - digits(source));
  }

  static int digits(Currency currency) {
    return Math.max(currency.getDefaultFractionDigits(), 0);
  }
}
