package org.okpay.notify.internal;

import org.okpay.shared.BoundedDeletes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import net.javacrumbs.shedlock.spring.annotation.SchedulerLock;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Deletes delivered and failed outbox rows after {@code retention} and in-app notifications after
 * {@code notificationRetention}, a bounded number per round so that no round holds the tables
 * long. Pending rows are never deleted.
 */
@Component
class OutboxRetention {

  private static final Logger log = LoggerFactory.getLogger(OutboxRetention.class);
  static final int ROWS_PER_STATEMENT = 1000;
  static final int STATEMENTS_PER_ROUND_MAX = 20;

  private final OutboxStore outbox;
  private final NotificationStore notifications;
  private final NotifyProperties properties;

  OutboxRetention(OutboxStore outbox, NotificationStore notifications, NotifyProperties properties) {
    this.outbox = outbox;
    this.notifications = notifications;
    this.properties = properties;
  }

  @Scheduled(initialDelayString = "${okpay.notify.purge-interval:1h}",
      fixedDelayString = "${okpay.notify.purge-interval:1h}")
  @SchedulerLock(name = "notify.outbox-retention", lockAtMostFor = "PT30M")
  void scheduledRun() {
    try {
      purge();
    } catch (RuntimeException e) {
      log.warn("purging old notifications failed; the next round tries again", e);
    }
  }

  int purge() {
    return BoundedDeletes.round(limit -> outbox.purge(properties.retention(), limit),
        ROWS_PER_STATEMENT, STATEMENTS_PER_ROUND_MAX)
        + BoundedDeletes.round(
            limit -> notifications.purge(properties.notificationRetention(), limit),
            ROWS_PER_STATEMENT, STATEMENTS_PER_ROUND_MAX);
  }
}
