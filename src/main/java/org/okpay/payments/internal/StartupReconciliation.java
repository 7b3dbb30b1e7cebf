package org.okpay.payments.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.stereotype.Component;

/**
 * After a restart, settles what a stopped process (a crash, {@code kill -9}, a power loss) left
 * in {@code created} within seconds, rather than at the scheduled job's pace, so that a client
 * retrying with the same key soon gets a final answer.
 *
 * <p>Why not settle every {@code created} row older than this instance at once: several
 * instances may share the database, and another live one may be in the middle of the request that
 * owns such a row (between recording it and moving its money or calling the rail). Failing that
 * row as interrupted while its request still moves the money would leave money moved for a failed
 * transaction. A row is safe once it is older than the longest such request: that bound is
 * {@code okpay.payments.stale-after}, which must exceed the rail call's timeout plus the ledger's
 * {@code submit-timeout} plus the pool's connection waits (docs/operations.md). So the first run
 * happens when the application is ready (it settles everything already older than the bound, and
 * open transfers with the rail), and one more is scheduled for the moment the newest row left
 * before this instance started becomes older than the bound. The scheduled
 * {@link Reconciler#scheduled()} continues from there.
 */
@Component
class StartupReconciliation {

  private static final Logger log = LoggerFactory.getLogger(StartupReconciliation.class);

  /** Follow-up runs at most (each takes a batch; more leftovers wait for the scheduled job). */
  static final int FOLLOW_UPS_MAX = 3;

  private final Reconciler reconciler;
  private final JdbcClient jdbc;
  private final PaymentsProperties properties;
  private final TaskScheduler scheduler;
  private final Clock clock;
  private final boolean enabled;
  /** Before the web server accepts requests: rows updated earlier are not this instance's. */
  private final Instant startedAt;
  private int followUps;

  StartupReconciliation(Reconciler reconciler, JdbcClient jdbc, PaymentsProperties properties,
      TaskScheduler scheduler, Clock clock,
      @Value("${okpay.payments.reconcile-at-start:true}") boolean enabled) {
    this.reconciler = reconciler;
    this.jdbc = jdbc;
    this.properties = properties;
    this.scheduler = scheduler;
    this.clock = clock;
    this.enabled = enabled;
    this.startedAt = clock.instant();
  }

  @EventListener(ApplicationReadyEvent.class)
  void onReady() {
    if (!enabled) {
      return;
    }
    runAndPlan();
  }

  private void runAndPlan() {
    try {
      settleLeftovers(startedAt).ifPresent(this::followUpAt);
    } catch (RuntimeException e) {
      // The database may still be coming up; the scheduled job tries again.
      log.warn("start-up reconciliation failed; the scheduled run will settle what is left", e);
    }
  }

  /**
   * Runs reconciliation once; returns when the newest transaction left in {@code created} before
   * {@code before} becomes older than {@code stale-after} and so safe to settle, if one is left.
   */
  Optional<Instant> settleLeftovers(Instant before) {
    reconciler.run();
    return jdbc.sql("""
        select updated_at from payments.work_list
         where state = 'created' and updated_at < :before
         order by updated_at desc limit 1
        """).param("before", TransactionStore.ts(before))
        .query(OffsetDateTime.class).optional()
        .map(newest -> newest.toInstant().plus(properties.staleAfter()));
  }

  private synchronized void followUpAt(Instant safeAt) {
    if (followUps >= FOLLOW_UPS_MAX) {
      return;
    }
    followUps++;
    // The database's timestamps follow the application clock; the scheduler follows the system
    // clock, so only the wait is carried over. A second more: "older than", not "as old as".
    Duration wait = Duration.between(clock.instant(), safeAt).plusSeconds(1);
    if (wait.isNegative()) {
      wait = Duration.ZERO;
    }
    log.info("transactions left open before this start are settled in {} s", wait.toSeconds());
    scheduler.schedule(this::runAndPlan, Instant.now().plus(wait));
  }
}
