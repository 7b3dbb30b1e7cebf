package org.okpay.merchants.internal.webhooks;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.PlatformTransactionManager;

/** The webhook engine's parts that are built from settings. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(WebhooksProperties.class)
class WebhooksConfiguration {

  private static final Logger log = LoggerFactory.getLogger(WebhooksConfiguration.class);

  /**
   * Private targets are allowed when the operator says so, or, when unset, only while OKPay runs
   * on its embedded development database (no {@code spring.datasource.url}): a developer's
   * machine or the sandbox, never a deployment with a real database.
   */
  @Bean
  TargetGuard webhookTargetGuard(WebhooksProperties properties,
      @Value("${spring.datasource.url:}") String datasourceUrl) {
    boolean allow = properties.allowPrivateTargets() != null
        ? properties.allowPrivateTargets() : datasourceUrl.isBlank();
    if (allow) {
      log.warn("webhook endpoints may point at private addresses and use plain http "
          + "(okpay.merchants.webhooks.allow-private-targets); never do this in production");
    }
    return new TargetGuard(allow);
  }

  @Bean
  WebhookSender webhookSender(TargetGuard guard, WebhooksProperties properties) {
    return new WebhookSender(guard, properties.timeout());
  }

  @Bean
  WebhookDispatcher webhookDispatcher(DeliveryStore deliveries, EndpointStore endpoints,
      WebhookSender sender, EndpointDisabledNotice notice, PlatformTransactionManager transactions,
      WebhooksProperties properties, Clock clock, MeterRegistry meters) {
    return new WebhookDispatcher(deliveries, endpoints, sender, notice, transactions, properties,
        clock, meters);
  }
}
