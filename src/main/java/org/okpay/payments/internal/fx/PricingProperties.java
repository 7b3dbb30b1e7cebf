package org.okpay.payments.internal.fx;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Fees, limits and quotes, from {@code okpay.payments} (defaults in application.yml and
 * docs/fx-fees-limits.md). Checked when the application starts: a schedule with a mistake stops
 * the start rather than charging wrong fees ({@link FeeSchedule}, {@link LimitTable}).
 *
 * @param fees the fee schedule; an operation or currency without a rule is free
 * @param limits one entry per operation, every operation required
 * @param limitCurrency the currency the limits are counted in
 * @param quoteTtl how long an FX quote holds its rate and fee
 */
@ConfigurationProperties("okpay.payments")
record PricingProperties(
    @DefaultValue List<FeeRuleConfig> fees,
    @DefaultValue List<LimitConfig> limits,
    @DefaultValue("USD") String limitCurrency,
    @DefaultValue("2m") Duration quoteTtl) {

  static final Duration QUOTE_TTL_MIN = Duration.ofSeconds(10);
  static final Duration QUOTE_TTL_MAX = Duration.ofHours(1);

  PricingProperties {
    if (quoteTtl.compareTo(QUOTE_TTL_MIN) < 0 || quoteTtl.compareTo(QUOTE_TTL_MAX) > 0) {
      throw new IllegalArgumentException("okpay.payments.quote-ttl must be 10s..1h");
    }
  }

  /** @param percent a decimal string, e.g. "0.5" for 0.5 % */
  record FeeRuleConfig(String operation, @DefaultValue("*") String currency,
      @DefaultValue("0") long fixedMinor, @DefaultValue("0") BigDecimal percent,
      @DefaultValue("0") long minMinor, @DefaultValue("0") long maxMinor) {
  }

  record LimitConfig(String operation, long verifiedDailyMinor, long verifiedMonthlyMinor,
      long unverifiedDailyMinor, long unverifiedMonthlyMinor) {
  }
}
