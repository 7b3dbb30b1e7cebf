package org.okpay.status.internal;

import java.time.Duration;
import org.okpay.status.ComponentState;
import org.okpay.status.StatusComponent;
import org.okpay.status.StatusSignal;
import org.okpay.notify.NotifyApi;
import org.springframework.stereotype.Component;

/**
 * Notifications are late when the outbox holds messages that should have gone out minutes ago:
 * degraded from {@link #DEGRADED_AT} such messages, a partial outage from {@link #OUTAGE_AT}.
 */
@Component
class OutboxBacklogSignal implements StatusSignal {

  static final Duration LATE_AFTER = Duration.ofMinutes(5);
  static final int DEGRADED_AT = 50;
  static final int OUTAGE_AT = 1_000;

  private final NotifyApi notify;

  OutboxBacklogSignal(NotifyApi notify) {
    this.notify = notify;
  }

  @Override
  public StatusComponent component() {
    return StatusComponent.NOTIFICATIONS;
  }

  @Override
  public ComponentState state() {
    int late = notify.lateCount(LATE_AFTER, OUTAGE_AT);
    return late >= OUTAGE_AT ? ComponentState.PARTIAL_OUTAGE
        : late >= DEGRADED_AT ? ComponentState.DEGRADED : ComponentState.OPERATIONAL;
  }
}
