package org.okpay.payments.internal;

import org.okpay.payments.Rail;
import org.okpay.status.ComponentState;
import org.okpay.status.StatusComponent;
import org.okpay.status.StatusSignal;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** One status signal per rail, from {@link RailHealth}. */
@Configuration(proxyBeanMethods = false)
class RailSignals {

  @Bean
  StatusSignal cardRailSignal(RailHealth health) {
    return new RailSignal(Rail.CARD, health);
  }

  @Bean
  StatusSignal bankRailSignal(RailHealth health) {
    return new RailSignal(Rail.DOMESTIC_BANK, health);
  }

  @Bean
  StatusSignal crossBorderRailSignal(RailHealth health) {
    return new RailSignal(Rail.CROSS_BORDER, health);
  }

  record RailSignal(Rail rail, RailHealth health) implements StatusSignal {

    @Override
    public StatusComponent component() {
      return rail.component();
    }

    @Override
    public ComponentState state() {
      return health.state(rail);
    }
  }
}
