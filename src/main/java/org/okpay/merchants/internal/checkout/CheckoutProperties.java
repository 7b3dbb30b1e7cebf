package org.okpay.merchants.internal.checkout;

import java.time.Duration;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code okpay.merchants.fees.<category>} (the merchant fee per category) and
 * {@code okpay.merchants.checkout.*}. Category keys are written with hyphens in YAML
 * ({@code digital-goods}).
 */
@ConfigurationProperties("okpay.merchants")
record CheckoutProperties(Map<String, FeeConfig> fees, @DefaultValue Checkout checkout) {

  record FeeConfig(int basisPoints, long fixedMinor) {
  }

  record Checkout(@DefaultValue("PT24H") Duration sessionLifetime,
      @DefaultValue("PT1M") Duration expiryScanInterval,
      @DefaultValue("PT2M") Duration claimTimeout) {
  }
}
