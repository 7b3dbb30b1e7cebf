package org.okpay.payments.internal.fx;

import java.math.BigDecimal;
import java.util.Currency;
import java.util.List;
import java.util.Map;
import org.okpay.payments.Fee;
import org.okpay.payments.FeeRule;
import org.okpay.payments.FxRateProvider;
import org.okpay.payments.Limit;
import org.okpay.payments.Operation;
import org.okpay.payments.PricingApi;
import org.okpay.payments.SupportedCurrencies;
import org.okpay.shared.ErrorCode;
import org.okpay.shared.FieldErrors;
import org.okpay.shared.OkPayException;
import org.springframework.stereotype.Service;

/** Fees from the schedule, limits from the limit table, equivalents at the mid-market rate. */
@Service
class PricingService implements PricingApi {

  private final FeeSchedule fees;
  private final LimitTable limits;
  private final FxRateProvider rates;

  PricingService(FeeSchedule fees, LimitTable limits, FxRateProvider rates) {
    this.fees = fees;
    this.limits = limits;
    this.rates = rates;
  }

  @Override
  public Fee fee(Operation operation, Currency currency, long amountMinor) {
    requireSupported(currency, "currency");
    return fees.fee(operation, currency, amountMinor);
  }

  @Override
  public List<FeeRule> feeSchedule() {
    return fees.rules();
  }

  @Override
  public Limit limit(Operation operation, boolean verified) {
    return limits.limit(operation, verified);
  }

  @Override
  public List<Limit> limits(boolean verified) {
    return limits.limits(verified);
  }

  @Override
  public Currency limitCurrency() {
    return limits.currency();
  }

  @Override
  public long equivalentMinor(long amountMinor, Currency from, Currency to) {
    if (amountMinor < 0) {
      throw new IllegalArgumentException("amountMinor must not be negative: " + amountMinor);
    }
    requireSupported(from, "from");
    requireSupported(to, "to");
    if (from.equals(to)) {
      return amountMinor;
    }
    BigDecimal rate = rate(rates, from, to);
    return FxMath.equivalentUp(amountMinor, rate, from, to).longValueExact();
  }

  /** The provider's rate, or {@code rate_unavailable} (503, retryable) when it has none. */
  static BigDecimal rate(FxRateProvider rates, Currency source, Currency target) {
    return rates.rate(source, target).filter(r -> r.signum() > 0)
        .orElseThrow(() -> new OkPayException(ErrorCode.RATE_UNAVAILABLE,
            Map.of("source", source.getCurrencyCode(), "target", target.getCurrencyCode())));
  }

  static void requireSupported(Currency currency, String field) {
    if (!SupportedCurrencies.supported(currency)) {
      throw FieldErrors.of(field, FieldErrors.UNKNOWN).exception(ErrorCode.CURRENCY_NOT_SUPPORTED);
    }
  }
}
