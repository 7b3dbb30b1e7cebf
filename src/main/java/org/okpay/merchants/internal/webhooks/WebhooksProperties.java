package org.okpay.merchants.internal.webhooks;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Webhook delivery settings ({@code okpay.merchants.webhooks.*}, docs/webhooks.md).
 *
 * @param allowPrivateTargets whether endpoints may point at private, loopback, link-local,
 *     unspecified or multicast addresses, and use plain http; unset: only when OKPay runs on its
 *     embedded development database (a developer's laptop, the sandbox), never with an external
 *     one unless set to true
 * @param dispatchers threads per instance that deliver due webhooks (0: this instance delivers
 *     none; the tests drive the dispatcher themselves)
 * @param batchMax deliveries claimed per round
 * @param concurrency deliveries of one round sent at the same time
 * @param pollInterval how often a dispatcher looks for due deliveries when nothing woke it
 * @param timeout the longest one HTTP attempt may take, connection to last byte read
 * @param lease how long a claimed delivery belongs to its claimant; well above timeout
 * @param endpointsMax endpoints per merchant
 * @param rotationOverlap how long the previous secret keeps signing after a rotation
 * @param disableAfter failures of an endpoint for this long (without a success) disable it
 * @param retention how long a finished delivery (succeeded or failed) and its attempts stay in
 *     the delivery log before they are deleted; pending ones are never deleted
 */
@ConfigurationProperties("okpay.merchants.webhooks")
record WebhooksProperties(
    Boolean allowPrivateTargets,
    @DefaultValue("2") int dispatchers,
    @DefaultValue("20") int batchMax,
    @DefaultValue("8") int concurrency,
    @DefaultValue("1s") Duration pollInterval,
    @DefaultValue("15s") Duration timeout,
    @DefaultValue("2m") Duration lease,
    @DefaultValue("10") int endpointsMax,
    @DefaultValue("24h") Duration rotationOverlap,
    @DefaultValue("3d") Duration disableAfter,
    @DefaultValue("30d") Duration retention) {

  WebhooksProperties {
    if (dispatchers < 0 || dispatchers > 16) {
      throw new IllegalArgumentException("okpay.merchants.webhooks.dispatchers must be 0..16");
    }
    if (batchMax < 1 || batchMax > 200 || concurrency < 1 || concurrency > 64) {
      throw new IllegalArgumentException(
          "okpay.merchants.webhooks batch-max must be 1..200 and concurrency 1..64");
    }
    if (timeout.toMillis() < 100 || timeout.compareTo(Duration.ofMinutes(1)) > 0) {
      throw new IllegalArgumentException("okpay.merchants.webhooks.timeout must be 100ms..1m");
    }
    if (lease.compareTo(timeout.multipliedBy(4)) < 0) {
      throw new IllegalArgumentException("okpay.merchants.webhooks.lease must be at least 4 x timeout");
    }
    if (endpointsMax < 1 || endpointsMax > 100) {
      throw new IllegalArgumentException("okpay.merchants.webhooks.endpoints-max must be 1..100");
    }
    if (retention.compareTo(Duration.ofDays(1)) < 0) {
      throw new IllegalArgumentException("okpay.merchants.webhooks.retention must be >= 1d");
    }
    if (pollInterval.toMillis() < 10) {
      throw new IllegalArgumentException("okpay.merchants.webhooks.poll-interval must be >= 10ms");
    }
  }
}
