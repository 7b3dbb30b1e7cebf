package org.okpay.shared.internal.db;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Knows, at most {@code check-interval} late, whether the replica may serve reads and how far it
 * has replayed. A thread of its own (not a {@code @Scheduled} job: every instance watches its own
 * view of the replica) asks, each interval:
 *
 * <ul>
 *   <li>the primary: {@code pg_current_wal_lsn()}, kept with the time it was seen;</li>
 *   <li>the replica: {@code pg_is_in_recovery()}, {@code pg_last_wal_replay_lsn()} and its
 *       system identifier (a standby of another cluster must never serve reads).</li>
 * </ul>
 *
 * <p>The lag is the age of the oldest primary position the replica has not replayed yet (0 when
 * it has replayed everything seen), so an idle primary does not look lagging and a paused or
 * cut-off replica does, by the time that passes. Above {@code max-lag} the replica serves
 * nothing until it catches up. Readers never wait for this thread: they read {@link #state()}.
 */
final class ReplicaMonitor implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(ReplicaMonitor.class);
  private static final int SAMPLES_MAX = 4096;
  private static final int QUERY_TIMEOUT_SECONDS = 2;

  /** Why reads go where they go; {@code OK} is the only state that lets them reach the replica. */
  enum Reason {
    OK("ok"), STARTING("starting"), DOWN("down"), LAGGING("lagging"),
    NOT_STANDBY("not_standby"), OTHER_CLUSTER("other_cluster");

    final String key;

    Reason(String key) {
      this.key = key;
    }
  }

  /**
   * @param replayLsn the replica's replay position (bytes since 0/0), -1 when unknown
   * @param lagMs the age of the oldest primary position not replayed yet
   * @param checkedAtNanos {@code System.nanoTime()} of the check
   */
  record State(Reason reason, long replayLsn, long lagMs, long checkedAtNanos) {
    boolean usable() {
      return reason == Reason.OK;
    }
  }

  private record Sample(long atNanos, long lsn) {
  }

  private final DataSource primary;
  private final DataSource replica;
  private final ReplicaProperties properties;
  private final Deque<Sample> samples = new ArrayDeque<>();
  private final ScheduledExecutorService thread;
  private volatile State state = new State(Reason.STARTING, -1, 0, System.nanoTime());
  private volatile Reason lastLogged = Reason.STARTING;
  private Long primarySystemId;

  ReplicaMonitor(DataSource primary, DataSource replica, ReplicaProperties properties) {
    this.primary = primary;
    this.replica = replica;
    this.properties = properties;
    this.thread = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "okpay-replica-monitor");
      t.setDaemon(true);
      return t;
    });
  }

  void start() {
    long everyMs = properties.checkInterval().toMillis();
    thread.scheduleWithFixedDelay(this::checkSafely, 0, everyMs, TimeUnit.MILLISECONDS);
  }

  State state() {
    return state;
  }

  /** A reader met a broken replica: stop routing to it now; the next good check restores it. */
  void replicaFailed(Exception cause) {
    State now = state;
    if (now.reason() != Reason.DOWN) {
      publish(new State(Reason.DOWN, now.replayLsn(), now.lagMs(), System.nanoTime()), cause);
    }
  }

  private void checkSafely() {
    try {
      check();
    } catch (RuntimeException e) {
      publish(new State(Reason.DOWN, -1, 0, System.nanoTime()), e);
    }
  }

  private synchronized void check() {
    long now = System.nanoTime();
    try {
      samplePrimary(now);
    } catch (SQLException e) {
      // The primary itself is unreachable: keep the samples we have; the replica check below
      // still says whether the replica answers (a stale one will look lagging soon enough).
      log.debug("replica monitor: primary position unknown: {}", e.toString());
    }
    try (Connection c = replica.getConnection(); Statement s = c.createStatement()) {
      s.setQueryTimeout(QUERY_TIMEOUT_SECONDS);
      try (ResultSet rs = s.executeQuery("""
          select pg_is_in_recovery(), (pg_last_wal_replay_lsn() - '0/0')::bigint,
                 (select system_identifier from pg_control_system())""")) {
        rs.next();
        boolean inRecovery = rs.getBoolean(1);
        long replay = rs.getLong(2);
        boolean replayKnown = !rs.wasNull();
        long systemId = rs.getLong(3);
        if (primarySystemId != null && primarySystemId != systemId) {
          publish(new State(Reason.OTHER_CLUSTER, -1, 0, now), null);
        } else if (!inRecovery || !replayKnown) {
          publish(new State(Reason.NOT_STANDBY, -1, 0, now), null);
        } else {
          long lagMs = lagMs(replay, now);
          Reason reason = lagMs > properties.maxLag().toMillis() ? Reason.LAGGING : Reason.OK;
          publish(new State(reason, replay, lagMs, now), null);
        }
      }
    } catch (SQLException e) {
      publish(new State(Reason.DOWN, state.replayLsn(), lagMs(-1, now), now), e);
    }
  }

  private void samplePrimary(long now) throws SQLException {
    try (Connection c = primary.getConnection(); Statement s = c.createStatement()) {
      s.setQueryTimeout(QUERY_TIMEOUT_SECONDS);
      try (ResultSet rs = s.executeQuery("""
          select (pg_current_wal_lsn() - '0/0')::bigint,
                 (select system_identifier from pg_control_system())""")) {
        rs.next();
        long lsn = rs.getLong(1);
        primarySystemId = rs.getLong(2);
        Sample last = samples.peekLast();
        if (last == null || lsn > last.lsn()) {
          samples.addLast(new Sample(now, lsn));
        }
        while (samples.size() > SAMPLES_MAX) {
          samples.removeFirst();
        }
      }
    }
  }

  /**
   * The age of the oldest sampled primary position beyond {@code replay}; replayed samples are
   * dropped (the newest is kept, as the reference for the next check). -1: replay unknown, the
   * oldest sample's age.
   */
  private long lagMs(long replay, long now) {
    while (samples.size() > 1 && replay >= 0 && samples.peekFirst().lsn() <= replay) {
      samples.removeFirst();
    }
    Sample oldest = samples.peekFirst();
    if (oldest == null || (replay >= 0 && oldest.lsn() <= replay)) {
      return 0;
    }
    return Duration.ofNanos(now - oldest.atNanos()).toMillis();
  }

  private void publish(State next, Exception cause) {
    state = next;
    if (next.reason() != lastLogged) {
      lastLogged = next.reason();
      if (next.usable()) {
        log.info("read replica: serving reads again (lag {} ms)", next.lagMs());
      } else {
        log.warn("read replica: reads go to the primary ({}{}){}", next.reason().key,
            next.reason() == Reason.LAGGING ? ", lag " + next.lagMs() + " ms" : "",
            cause == null ? "" : ": " + cause);
      }
    }
  }

  @Override
  public void close() {
    thread.shutdownNow();
  }
}
