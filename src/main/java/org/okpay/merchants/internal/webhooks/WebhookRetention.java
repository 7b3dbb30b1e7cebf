package org.okpay.merchants.internal.webhooks;

import java.time.Clock;
import java.time.Instant;
import net.javacrumbs.shedlock.spring.annotation.SchedulerLock;
import org.okpay.shared.BoundedDeletes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Keeps the delivery log bounded: deletes deliveries that finished more than
 * {@code okpay.merchants.webhooks.retention} (30 days, as long as a merchant can look an event up)
 * ago, with their attempts, a bounded number per statement and per round so that no round holds
 * the table long. Pending deliveries are never deleted. Without it every event of every merchant
 * stayed forever, with its payload and each attempt's response excerpt.
 */
@Component
class WebhookRetention {

  private static final Logger log = LoggerFactory.getLogger(WebhookRetention.class);
  static final int ROWS_PER_STATEMENT = 1000;
  static final int STATEMENTS_PER_ROUND_MAX = 20;

  private final DeliveryStore deliveries;
  private final WebhooksProperties properties;
  private final Clock clock;

  WebhookRetention(DeliveryStore deliveries, WebhooksProperties properties, Clock clock) {
    this.deliveries = deliveries;
    this.properties = properties;
    this.clock = clock;
  }

  @Scheduled(initialDelayString = "${okpay.merchants.webhooks.purge-interval:1h}",
      fixedDelayString = "${okpay.merchants.webhooks.purge-interval:1h}")
  @SchedulerLock(name = "merchants.webhook-retention", lockAtMostFor = "PT30M")
  void scheduledRun() {
    try {
      int deleted = purge();
      if (deleted > 0) {
        log.info("deleted {} webhook deliveries finished more than {} ago", deleted,
            properties.retention());
      }
    } catch (RuntimeException e) {
      log.warn("purging old webhook deliveries failed; the next round tries again", e);
    }
  }

  /** One round (see {@link BoundedDeletes}); returns the rows deleted. */
  int purge() {
    Instant before = clock.instant().minus(properties.retention());
    return BoundedDeletes.round(limit -> deliveries.purge(before, limit), ROWS_PER_STATEMENT,
        STATEMENTS_PER_ROUND_MAX);
  }
}
