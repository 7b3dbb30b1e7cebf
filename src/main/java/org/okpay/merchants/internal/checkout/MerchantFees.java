package org.okpay.merchants.internal.checkout;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.okpay.merchants.CheckoutApi.FeeLine;
import org.okpay.merchants.MerchantCategory;
import org.springframework.stereotype.Component;

/**
 * The merchant fee per category ({@code okpay.merchants.fees}): basis points of the amount,
 * rounded half-up to a minor unit, plus a fixed amount in minor units of the payment's currency,
 * never more than the amount. Every category must be configured (checked at start-up).
 */
@Component
class MerchantFees {

  private static final BigDecimal BASIS = BigDecimal.valueOf(10_000);

  private final List<FeeLine> lines;

  MerchantFees(CheckoutProperties properties) {
    Map<String, CheckoutProperties.FeeConfig> fees =
        properties.fees() == null ? Map.of() : properties.fees();
    this.lines = Arrays.stream(MerchantCategory.values()).map(c -> {
      CheckoutProperties.FeeConfig f = fees.get(yamlKey(c));
      if (f == null || f.basisPoints() < 0 || f.basisPoints() > 10_000 || f.fixedMinor() < 0) {
        throw new IllegalStateException("okpay.merchants.fees." + yamlKey(c)
            + " needs basis-points 0..10000 and fixed-minor >= 0");
      }
      return new FeeLine(c, f.basisPoints(), f.fixedMinor());
    }).toList();
  }

  List<FeeLine> schedule() {
    return lines;
  }

  long fee(MerchantCategory category, long amountMinor) {
    FeeLine line = lines.get(category.ordinal());
    long percent = BigDecimal.valueOf(amountMinor).multiply(BigDecimal.valueOf(line.basisPoints()))
        .divide(BASIS, 0, RoundingMode.HALF_UP).longValueExact();
    return Math.min(amountMinor, Math.addExact(percent, line.fixedMinor()));
  }

  private static String yamlKey(MerchantCategory c) {
    return c.key().replace('_', '-');
  }
}
