package org.okpay.payments.internal.fx;

import java.util.Currency;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.okpay.payments.Limit;
import org.okpay.payments.Operation;
import org.okpay.payments.SupportedCurrencies;

/**
 * Daily and monthly caps per operation, for verified and for unverified users. Every operation
 * must have its line: an operation left out would otherwise be unlimited by accident.
 */
final class LimitTable {

  /** 10^13 minor units, the largest amount OKPay takes in one request. */
  static final long CAP_MAX = 10_000_000_000_000L;

  private final Currency currency;
  private final Map<Operation, Limit> verified = new EnumMap<>(Operation.class);
  private final Map<Operation, Limit> unverified = new EnumMap<>(Operation.class);

  LimitTable(String currencyCode, List<PricingProperties.LimitConfig> configs) {
    this.currency = limitCurrency(currencyCode);
    for (PricingProperties.LimitConfig c : configs) {
      Operation operation = operation(c.operation());
      if (verified.containsKey(operation)) {
        throw new IllegalArgumentException("okpay.payments.limits: two lines for " + c.operation());
      }
      verified.put(operation, limit(operation, c.verifiedDailyMinor(), c.verifiedMonthlyMinor()));
      unverified.put(operation,
          limit(operation, c.unverifiedDailyMinor(), c.unverifiedMonthlyMinor()));
    }
    for (Operation operation : Operation.values()) {
      if (!verified.containsKey(operation)) {
        throw new IllegalArgumentException("okpay.payments.limits: no line for " + operation.key());
      }
      Limit low = unverified.get(operation);
      Limit high = verified.get(operation);
      if (low.dailyMinor() > high.dailyMinor() || low.monthlyMinor() > high.monthlyMinor()) {
        throw new IllegalArgumentException("okpay.payments.limits " + operation.key()
            + ": unverified users would get more than verified ones");
      }
    }
  }

  Currency currency() {
    return currency;
  }

  Limit limit(Operation operation, boolean isVerified) {
    return (isVerified ? verified : unverified).get(operation);
  }

  List<Limit> limits(boolean isVerified) {
    return List.copyOf((isVerified ? verified : unverified).values());
  }

  private Limit limit(Operation operation, long dailyMinor, long monthlyMinor) {
    if (dailyMinor < 0 || monthlyMinor < 0 || dailyMinor > CAP_MAX || monthlyMinor > CAP_MAX) {
      throw new IllegalArgumentException("okpay.payments.limits " + operation.key()
          + ": caps must be 0.." + CAP_MAX);
    }
    if (dailyMinor > monthlyMinor) {
      throw new IllegalArgumentException("okpay.payments.limits " + operation.key()
          + ": a daily cap above the monthly one");
    }
    return new Limit(operation, currency, dailyMinor, monthlyMinor);
  }

  private static Operation operation(String key) {
    try {
      return Operation.fromKey(String.valueOf(key).toLowerCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("okpay.payments.limits: unknown operation " + key);
    }
  }

  private static Currency limitCurrency(String code) {
    return SupportedCurrencies.ALL.stream().filter(c -> c.getCurrencyCode().equals(code))
        .findFirst().orElseThrow(() -> new IllegalArgumentException(
            "okpay.payments.limit-currency must be one of " + SupportedCurrencies.ALL));
  }
}
