package org.okpay.payments.internal.fx;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Currency;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.okpay.payments.SupportedCurrencies;
import org.okpay.shared.ErrorCode;
import org.okpay.shared.FieldErrors;
import org.okpay.shared.OkPayException;
import org.springframework.context.support.DefaultMessageSourceResolvable;

/**
 * One table of mid-market rates: how many units of each supported currency one unit of
 * {@code base} buys. Every other pair is a cross rate through the base.
 *
 * @param origin "operator" for a table set through the admin API, "bundled" for the file
 */
record RateTable(Currency base, Map<Currency, BigDecimal> perBase, Instant asOf, String origin) {

  static final int SIGNIFICANT_DIGITS_MAX = 12;
  /** A rate outside these is a typo; the supported currencies are all within 10^±4 of USD. */
  static final BigDecimal RATE_MIN = new BigDecimal("0.000001");
  static final BigDecimal RATE_MAX = new BigDecimal("1000000");
  static final int ENTRIES_MAX = 16;

  RateTable {
    perBase = Map.copyOf(perBase);
  }

  Optional<BigDecimal> rate(Currency source, Currency target) {
    if (source.equals(target)) {
      return Optional.of(BigDecimal.ONE);
    }
    BigDecimal from = perBase.get(source);
    BigDecimal to = perBase.get(target);
    if (from == null || to == null) {
      return Optional.empty();
    }
    return Optional.of(FxMath.cross(from, to));
  }

  /**
   * A table as the operator sends it: the base, and a rate for every other supported currency
   * (the base's own may be given as 1). Refused as a whole with every field at fault.
   */
  static RateTable parse(String baseCode, Map<String, String> rates, Instant asOf,
      String origin) {
    List<Map<String, Object>> errors = new ArrayList<>();
    Currency base = supported(baseCode);
    if (base == null) {
      errors.add(error("base", "fx.rates.unknownCurrency"));
    }
    if (rates == null || rates.size() > ENTRIES_MAX) {
      errors.add(error("rates", "fx.rates.missing"));
      throw invalid(errors);
    }
    Map<Currency, BigDecimal> perBase = new LinkedHashMap<>();
    rates.forEach((code, text) -> {
      Currency currency = supported(code);
      BigDecimal rate = number(text);
      if (currency == null) {
        errors.add(error("rates." + code, "fx.rates.unknownCurrency"));
      } else if (rate == null) {
        errors.add(error("rates." + code, "fx.rates.invalid"));
      } else if (currency.equals(base) && rate.compareTo(BigDecimal.ONE) != 0) {
        errors.add(error("rates." + code, "fx.rates.baseNotOne"));
      } else {
        perBase.put(currency, rate);
      }
    });
    for (Currency c : SupportedCurrencies.ALL) {
      if (!c.equals(base) && !rates.containsKey(c.getCurrencyCode())) {
        errors.add(error("rates." + c.getCurrencyCode(), "fx.rates.missing"));
      }
    }
    if (!errors.isEmpty()) {
      throw invalid(errors);
    }
    perBase.put(base, BigDecimal.ONE);
    return new RateTable(base, perBase, asOf, origin);
  }

  /** A positive decimal with at most 12 significant digits, within the sane range; else null. */
  private static BigDecimal number(String text) {
    if (text == null || text.isBlank() || text.length() > 40) {
      return null;
    }
    BigDecimal rate;
    try {
      rate = new BigDecimal(text.strip()).stripTrailingZeros();
    } catch (NumberFormatException e) {
      return null;
    }
    if (rate.signum() <= 0 || rate.precision() > SIGNIFICANT_DIGITS_MAX
        || rate.compareTo(RATE_MIN) < 0 || rate.compareTo(RATE_MAX) > 0) {
      return null;
    }
    return rate;
  }

  private static Currency supported(String code) {
    return code == null ? null : SupportedCurrencies.ALL.stream()
        .filter(c -> c.getCurrencyCode().equals(code)).findFirst().orElse(null);
  }

  private static Map<String, Object> error(String field, String messageKey) {
    return FieldErrors.error(field, FieldErrors.INVALID,
        new DefaultMessageSourceResolvable(messageKey));
  }

  private static OkPayException invalid(List<Map<String, Object>> errors) {
    return FieldErrors.exception(ErrorCode.VALIDATION_FAILED, errors);
  }
}
