package org.okpay.payments.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.EnumMap;
import java.util.Map;
import org.okpay.payments.DeclineCode;
import org.okpay.payments.Rail;
import org.okpay.payments.RailState;
import org.okpay.status.ComponentState;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * How each rail has answered lately (this instance, last five minutes): the share of errors
 * (timeouts and processing errors; a card's own decline is not the rail's fault) and the slow
 * answers. The status page shows it through {@link RailSignals}, and payment forms warn.
 */
@Component
class RailHealth {

  static final Duration WINDOW = Duration.ofMinutes(5);
  static final int CALLS_KEPT_MAX = 1_000;
  static final long SLOW_NANOS = Duration.ofSeconds(5).toNanos();

  private final Clock clock;
  private final int callsMin;
  private final Map<Rail, Deque<Call>> calls = new EnumMap<>(Rail.class);

  /** @param callsMin fewer calls in the window say nothing (okpay.payments.rail-health-calls-min) */
  RailHealth(Clock clock,
      @Value("${okpay.payments.rail-health-calls-min:10}") int callsMin) {
    this.clock = clock;
    this.callsMin = callsMin;
    for (Rail rail : Rail.values()) {
      calls.put(rail, new ArrayDeque<>());
    }
  }

  void record(Rail rail, RailState state, DeclineCode decline, long elapsedNanos) {
    boolean error = state == RailState.UNKNOWN || decline == DeclineCode.PROCESSING_ERROR;
    Deque<Call> recent = calls.get(rail);
    synchronized (recent) {
      recent.addLast(new Call(clock.instant(), error, elapsedNanos > SLOW_NANOS));
      while (recent.size() > CALLS_KEPT_MAX) {
        recent.removeFirst();
      }
    }
  }

  /** Degraded from 20 % errors or slow answers, partial outage from 50 %, on enough calls. */
  ComponentState state(Rail rail) {
    Deque<Call> recent = calls.get(rail);
    Instant since = clock.instant().minus(WINDOW);
    int total = 0;
    int bad = 0;
    synchronized (recent) {
      while (!recent.isEmpty() && recent.peekFirst().at().isBefore(since)) {
        recent.removeFirst();
      }
      for (Call call : recent) {
        total++;
        bad += call.error() || call.slow() ? 1 : 0;
      }
    }
    if (total < callsMin) {
      return ComponentState.OPERATIONAL;
    }
    if (bad * 2 >= total) {
      return ComponentState.PARTIAL_OUTAGE;
    }
    return bad * 5 >= total ? ComponentState.DEGRADED : ComponentState.OPERATIONAL;
  }

  private record Call(Instant at, boolean error, boolean slow) {
  }
}
