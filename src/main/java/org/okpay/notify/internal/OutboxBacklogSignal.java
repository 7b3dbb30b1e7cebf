package org.okpay.notify.internal;

import java.time.Duration;
import org.okpay.status.ComponentState;
import org.okpay.status.StatusComponent;
import org.okpay.status.StatusSignal;
import org.springframework.jdbc.core.simple.JdbcClient;
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

  private final JdbcClient jdbc;

  OutboxBacklogSignal(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  @Override
  public StatusComponent component() {
    return StatusComponent.NOTIFICATIONS;
  }

  @Override
  public ComponentState state() {
    // Counting stops at OUTAGE_AT: the answer is the same beyond it, and the scan stays short.
    int late = jdbc.sql("""
        select count(*) from (
          select 1 from notify.outbox
           where status = 'pending' and created_at < clock_timestamp() - make_interval(secs => :late)
           limit :cap) late
        """).param("late", LATE_AFTER.toSeconds()).param("cap", OUTAGE_AT)
        .query(Integer.class).single();
    return late >= OUTAGE_AT ? ComponentState.PARTIAL_OUTAGE
        : late >= DEGRADED_AT ? ComponentState.DEGRADED : ComponentState.OPERATIONAL;
  }
}
