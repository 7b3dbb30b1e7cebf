package org.okpay.payments;

import java.util.Currency;
import java.util.List;

/**
 * What OKPay charges and allows: the fee of an operation, the whole fee schedule, the daily and
 * monthly limits, and amounts converted at the mid-market rate for comparing with a limit. The
 * numbers come from configuration ({@code okpay.payments.fees}, {@code okpay.payments.limits});
 * docs/fx-fees-limits.md lists the defaults.
 */
public interface PricingApi {

  /**
   * The fee of one operation on {@code amountMinor} of {@code currency}, in that currency: the
   * most specific rule of the schedule (the currency's own rule over the "*" rule), fixed plus
   * percent rounded half-up to a minor unit, then kept within the rule's minimum and maximum.
   * No rule means no fee. Throws {@code currency_not_supported} for a currency OKPay does not hold.
   */
  Fee fee(Operation operation, Currency currency, long amountMinor);

  /** Every rule of the fee schedule, in the order of the configuration. */
  List<FeeRule> feeSchedule();

  /** The daily and monthly caps of an operation, in {@link #limitCurrency()}. */
  Limit limit(Operation operation, boolean verified);

  /** The caps of every operation, in {@link Operation} order. */
  List<Limit> limits(boolean verified);

  /** The currency limits are counted in (USD by default). */
  Currency limitCurrency();

  /**
   * {@code amountMinor} of {@code from} in minor units of {@code to} at the mid-market rate,
   * rounded up, so that summing converted amounts never lets a limit be passed by rounding.
   * Throws {@code rate_unavailable} when the rate provider has no rate.
   */
  long equivalentMinor(long amountMinor, Currency from, Currency to);
}
