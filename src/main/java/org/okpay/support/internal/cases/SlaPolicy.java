package org.okpay.support.internal.cases;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import org.okpay.support.CasePriority;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The SLA targets per priority from {@code okpay.support.sla}: how long until the first reply
 * (and every next reply after a customer message), and until the case is resolved. Warnings
 * come at {@link #WARN_PERCENT} of a target.
 */
@Component
class SlaPolicy {

  static final int WARN_PERCENT = 80;
  private static final Duration TARGET_MAX = Duration.ofDays(90);

  private final Map<CasePriority, Targets> targets = new EnumMap<>(CasePriority.class);

  SlaPolicy(
      @Value("${okpay.support.sla.urgent.first-reply:PT1H}") Duration urgentReply,
      @Value("${okpay.support.sla.urgent.resolve:PT24H}") Duration urgentResolve,
      @Value("${okpay.support.sla.high.first-reply:PT4H}") Duration highReply,
      @Value("${okpay.support.sla.high.resolve:PT48H}") Duration highResolve,
      @Value("${okpay.support.sla.normal.first-reply:PT24H}") Duration normalReply,
      @Value("${okpay.support.sla.normal.resolve:P5D}") Duration normalResolve) {
    put(CasePriority.URGENT, urgentReply, urgentResolve);
    put(CasePriority.HIGH, highReply, highResolve);
    put(CasePriority.NORMAL, normalReply, normalResolve);
  }

  /** The defaults of the issue: urgent 1 h / 24 h, high 4 h / 48 h, normal 24 h / 5 days. */
  static SlaPolicy defaults() {
    return new SlaPolicy(Duration.ofHours(1), Duration.ofHours(24), Duration.ofHours(4),
        Duration.ofHours(48), Duration.ofHours(24), Duration.ofDays(5));
  }

  private void put(CasePriority priority, Duration reply, Duration resolve) {
    for (Duration d : new Duration[] {reply, resolve}) {
      if (d.isNegative() || d.isZero() || d.compareTo(TARGET_MAX) > 0) {
        throw new IllegalArgumentException("okpay.support.sla." + priority.code()
            + " targets must be between 1 s and 90 days: " + d);
      }
    }
    if (reply.compareTo(resolve) > 0) {
      throw new IllegalArgumentException("okpay.support.sla." + priority.code()
          + ": the first reply cannot be due after the resolution");
    }
    targets.put(priority, new Targets(reply, resolve));
  }

  Targets of(CasePriority priority) {
    return targets.get(priority);
  }

  /** @param reply first reply, and each next reply; @param resolve resolution */
  record Targets(Duration reply, Duration resolve) {
  }
}
