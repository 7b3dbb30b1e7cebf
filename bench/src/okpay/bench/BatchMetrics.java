package okpay.bench;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.CountAtBucket;
import java.util.concurrent.TimeUnit;

/**
 * Reads the writer's own meters: {@code okpay.ledger.batch} (one batch, lock to commit) and
 * {@code okpay.ledger.batch.transfers} (transfers per committed batch). The bench configures
 * fixed buckets on both, whose counts only grow, so a phase is the difference of two snapshots.
 */
final class BatchMetrics {

  static final String SIZE_BUCKETS =
      "1,2,3,4,6,8,12,16,24,32,48,64,96,128,160,200,256,400,500,1000,2000,5000,10000";
  static final String TIME_BUCKETS =
      "1ms,2ms,3ms,4ms,5ms,7ms,10ms,15ms,20ms,30ms,50ms,75ms,100ms,200ms,500ms,1s,5s";

  private final MeterRegistry registry;

  BatchMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  record Snapshot(long batches, double transfers, double[] sizeBounds, double[] sizeCounts,
      double timeSeconds, double[] timeBoundsMs, double[] timeCounts) {

    Delta minus(Snapshot earlier) {
      return new Delta(batches - earlier.batches, transfers - earlier.transfers, sizeBounds,
          diff(sizeCounts, earlier.sizeCounts), timeSeconds - earlier.timeSeconds, timeBoundsMs,
          diff(timeCounts, earlier.timeCounts));
    }

    private static double[] diff(double[] a, double[] b) {
      double[] d = new double[a.length];
      for (int i = 0; i < a.length; i++) {
        d[i] = a[i] - (i < b.length ? b[i] : 0);
      }
      return d;
    }
  }

  Snapshot snapshot() {
    DistributionSummary size = registry.find("okpay.ledger.batch.transfers").summary();
    Timer time = registry.find("okpay.ledger.batch").timer();
    if (size == null || time == null) {
      throw new IllegalStateException("the ledger writer's meters are not registered");
    }
    CountAtBucket[] s = size.takeSnapshot().histogramCounts();
    CountAtBucket[] t = time.takeSnapshot().histogramCounts();
    double[] sizeBounds = new double[s.length];
    double[] sizeCounts = new double[s.length];
    for (int i = 0; i < s.length; i++) {
      sizeBounds[i] = s[i].bucket();
      sizeCounts[i] = s[i].count();
    }
    double[] timeBounds = new double[t.length];
    double[] timeCounts = new double[t.length];
    for (int i = 0; i < t.length; i++) {
      timeBounds[i] = t[i].bucket(TimeUnit.MILLISECONDS);
      timeCounts[i] = t[i].count();
    }
    return new Snapshot(size.count(), size.totalAmount(), sizeBounds, sizeCounts,
        time.totalTime(TimeUnit.SECONDS), timeBounds, timeCounts);
  }

  record Delta(long batches, double transfers, double[] sizeBounds, double[] sizeCounts,
      double timeSeconds, double[] timeBoundsMs, double[] timeCounts) {

    String summary() {
      if (batches <= 0) {
        return "no batches";
      }
      return String.format("batches: %,d committed, mean %.1f transfers (p50 <= %s, p99 <= %s),"
              + " lock-to-commit mean %.2f ms (p50 <= %s ms, p99 <= %s ms)",
          batches, transfers / batches, bound(sizeBounds, sizeCounts, 0.5),
          bound(sizeBounds, sizeCounts, 0.99), timeSeconds * 1e3 / batches,
          bound(timeBoundsMs, timeCounts, 0.5), bound(timeBoundsMs, timeCounts, 0.99));
    }

    /** The smallest bucket bound that holds the fraction q of the batches (buckets are cumulative). */
    private String bound(double[] bounds, double[] cumulative, double q) {
      for (int i = 0; i < bounds.length; i++) {
        if (cumulative[i] >= q * batches) {
          return trim(bounds[i]);
        }
      }
      return ">" + (bounds.length == 0 ? "?" : trim(bounds[bounds.length - 1]));
    }

    private static String trim(double v) {
      return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }
  }
}
