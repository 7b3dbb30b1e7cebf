package org.okpay.payments.internal.fx;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Fallback;

/** Wires fees, limits and rates from configuration; a bad schedule stops the start. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(PricingProperties.class)
class FxConfiguration {

  /**
   * The operator's table or the bundled one. A fallback: an operator's own
   * {@link org.okpay.payments.FxRateProvider} bean (a bank's feed) takes its place wherever a
   * provider is injected, whatever order the beans are defined in.
   */
  @Bean
  @Fallback
  StoredFxRates storedFxRates(RateTableStore store) {
    return new StoredFxRates(store, BundledRates.load());
  }

  @Bean
  FeeSchedule feeSchedule(PricingProperties properties) {
    return FeeSchedule.of(properties.fees());
  }

  @Bean
  LimitTable limitTable(PricingProperties properties) {
    return new LimitTable(properties.limitCurrency(), properties.limits());
  }
}
