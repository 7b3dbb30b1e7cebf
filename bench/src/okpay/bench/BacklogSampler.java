package okpay.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;

/**
 * The notification outbox's backlog (rows still pending) sampled every {@code periodSeconds}
 * inside the measured window, for issue 14's "the backlog stays below 1,000 rows and does not
 * grow over 5 minutes": run with {@code BENCH_SECONDS=300 BENCH_BACKLOG_SAMPLE_SECONDS=10}. It
 * prints the series, its largest value and its least-squares slope in rows per second. The
 * window's two ends are always sampled, so without a period the line shows the start and end.
 */
final class BacklogSampler {

  static final int BACKLOG_TARGET_MAX = 1_000;

  private final DataSource db;
  private final int periodSeconds;
  private final List<long[]> samples = new ArrayList<>(); // {nanos, pending}
  private Thread thread;

  BacklogSampler(DataSource db) {
    this.db = db;
    this.periodSeconds = Integer.getInteger("bench.backlogSampleSeconds", 0);
  }

  static long pending(DataSource db) {
    try {
      return Long.parseLong(LedgerBench.Sql.one(db,
          "select count(*) from notify.outbox where status = 'pending'"));
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Samples now and then every period until {@code untilNanos} (excluded: the end is sampled by {@link #finish}). */
  void start(long untilNanos) {
    sample();
    if (periodSeconds < 1) {
      return;
    }
    thread = Thread.ofPlatform().daemon().name("bench-backlog").start(() -> {
      long next = System.nanoTime() + TimeUnit.SECONDS.toNanos(periodSeconds);
      while (next < untilNanos - TimeUnit.MILLISECONDS.toNanos(500)) {
        try {
          TimeUnit.NANOSECONDS.sleep(Math.max(0, next - System.nanoTime()));
        } catch (InterruptedException e) {
          return;
        }
        sample();
        next += TimeUnit.SECONDS.toNanos(periodSeconds);
      }
    });
  }

  /** Samples the window's end and waits for the sampling thread. */
  void finish() throws InterruptedException {
    if (thread != null) {
      thread.join();
    }
    sample();
  }

  private void sample() {
    long value = pending(db);
    synchronized (samples) {
      samples.add(new long[] {System.nanoTime(), value});
    }
  }

  void print() {
    List<long[]> s;
    synchronized (samples) {
      s = new ArrayList<>(samples);
    }
    if (s.isEmpty()) {
      return;
    }
    long t0 = s.getFirst()[0];
    StringBuilder series = new StringBuilder();
    long max = 0;
    double n = s.size();
    double sumT = 0;
    double sumV = 0;
    for (long[] p : s) {
      double t = (p[0] - t0) / 1e9;
      series.append(String.format(" %.0fs:%d", t, p[1]));
      max = Math.max(max, p[1]);
      sumT += t;
      sumV += p[1];
    }
    double meanT = sumT / n;
    double meanV = sumV / n;
    double cov = 0;
    double var = 0;
    for (long[] p : s) {
      double t = (p[0] - t0) / 1e9;
      cov += (t - meanT) * (p[1] - meanV);
      var += (t - meanT) * (t - meanT);
    }
    double slope = var == 0 ? 0 : cov / var;
    double spanSeconds = (s.getLast()[0] - t0) / 1e9;
    System.out.printf("p2p: outbox backlog (pending rows) sampled in the window:%s%n", series);
    System.out.printf("p2p: outbox backlog max %,d (target < %,d: %s), slope %+.2f rows/s over"
            + " %.0f s (%+,.0f rows per 5 minutes): %s%n", max, BACKLOG_TARGET_MAX,
        max < BACKLOG_TARGET_MAX ? "yes" : "NO", slope, spanSeconds, slope * 300,
        s.size() < 3 ? "too few samples to judge growth (set BENCH_BACKLOG_SAMPLE_SECONDS)"
            : slope * 300 < BACKLOG_TARGET_MAX / 10.0 ? "not growing" : "GROWING");
    System.out.printf("bench-result mode=backlog max=%d slope_rows_per_s=%.3f samples=%d%n", max,
        slope, s.size());
  }
}
