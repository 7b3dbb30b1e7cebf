package org.okpay.payments.internal;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Map;
import net.javacrumbs.shedlock.spring.annotation.SchedulerLock;
import org.okpay.payments.DeclineCode;
import org.okpay.payments.Rail;
import org.okpay.payments.RailState;
import org.okpay.status.ComponentState;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * How each rail has answered lately (all instances, last five minutes): the share of errors
 * (timeouts and processing errors; a card's own decline is not the rail's fault) and the slow
 * answers. The status page shows it through {@link RailSignals}, and payment forms warn.
 *
 * <p>Calls are counted per rail and minute in {@code shared.rail_calls}, which every instance
 * adds to, so one instance's troubles show on all of them. A call is not a round trip of its
 * own: each instance sums its calls in memory and adds them in one statement every second (and
 * before it answers {@link #state}), so the payment path pays nothing for the signal.
 */
@Component
class RailHealth {

  static final Duration WINDOW = Duration.ofMinutes(5);
  static final long SLOW_NANOS = Duration.ofSeconds(5).toNanos();
  /** Minutes kept; far more than the window, for someone looking at the table afterwards. */
  static final Duration KEEP = Duration.ofDays(1);

  private record Bucket(Rail rail, Instant minute) {
  }

  private final JdbcClient jdbc;
  private final Clock clock;
  private final int callsMin;
  /** Calls of this instance not yet added to the table: {calls, bad} per bucket. */
  private Map<Bucket, int[]> unflushed = new HashMap<>();

  /** @param callsMin fewer calls in the window say nothing (okpay.payments.rail-health-calls-min) */
  RailHealth(JdbcClient jdbc, Clock clock,
      @Value("${okpay.payments.rail-health-calls-min:10}") int callsMin) {
    this.jdbc = jdbc;
    this.clock = clock;
    this.callsMin = callsMin;
  }

  void record(Rail rail, RailState state, DeclineCode decline, long elapsedNanos) {
    boolean bad = state == RailState.UNKNOWN || decline == DeclineCode.PROCESSING_ERROR
        || elapsedNanos > SLOW_NANOS;
    Bucket bucket = new Bucket(rail, clock.instant().truncatedTo(ChronoUnit.MINUTES));
    synchronized (this) {
      int[] counts = unflushed.computeIfAbsent(bucket, b -> new int[2]);
      counts[0]++;
      counts[1] += bad ? 1 : 0;
    }
  }

  /** Adds this instance's counted calls to the shared table, in one statement. */
  @Scheduled(fixedDelayString = "PT1S")
  void flush() {
    Map<Bucket, int[]> taken;
    synchronized (this) {
      if (unflushed.isEmpty()) {
        return;
      }
      taken = unflushed;
      unflushed = new HashMap<>();
    }
    // At most rails x minutes-since-last-flush rows: a handful.
    StringBuilder values = new StringBuilder();
    Map<String, Object> params = new HashMap<>();
    int i = 0;
    for (Map.Entry<Bucket, int[]> e : taken.entrySet()) {
      values.append(i == 0 ? "" : ", ").append("(:r").append(i).append(", :m").append(i)
          .append(", :c").append(i).append(", :b").append(i).append(')');
      params.put("r" + i, e.getKey().rail().name());
      params.put("m" + i, Timestamp.from(e.getKey().minute()));
      params.put("c" + i, e.getValue()[0]);
      params.put("b" + i, e.getValue()[1]);
      i++;
    }
    jdbc.sql("""
        insert into shared.rail_calls as t (rail, minute, calls, bad) values %s
        on conflict (rail, minute) do update
          set calls = t.calls + excluded.calls, bad = t.bad + excluded.bad""".formatted(values))
        .params(params).update();
  }

  /** Drops minutes nobody reads any more; once across instances. */
  @Scheduled(initialDelayString = "PT10M", fixedDelayString = "PT1H")
  @SchedulerLock(name = "payments.rail-calls-purge", lockAtMostFor = "PT10M")
  void purge() {
    jdbc.sql("delete from shared.rail_calls where minute < :before")
        .param("before", Timestamp.from(clock.instant().minus(KEEP))).update();
  }

  /** Degraded from 20 % errors or slow answers, partial outage from 50 %, on enough calls. */
  ComponentState state(Rail rail) {
    flush();
    Instant now = clock.instant();
    long[] sums = jdbc.sql("""
        select coalesce(sum(calls), 0), coalesce(sum(bad), 0) from shared.rail_calls
         where rail = :rail and minute > :since and minute <= :now""")
        .param("rail", rail.name()).param("since", Timestamp.from(now.minus(WINDOW)))
        .param("now", Timestamp.from(now))
        .query((rs, n) -> new long[] {rs.getLong(1), rs.getLong(2)}).single();
    long total = sums[0];
    long bad = sums[1];
    if (total < callsMin) {
      return ComponentState.OPERATIONAL;
    }
    if (bad * 2 >= total) {
      return ComponentState.PARTIAL_OUTAGE;
    }
    return bad * 5 >= total ? ComponentState.DEGRADED : ComponentState.OPERATIONAL;
  }
}
