package okpay.bench;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.HdrHistogram.Histogram;
import org.okpay.ledger.LedgerApi;
import org.okpay.ledger.TransferRequest;
import org.okpay.ledger.TransferResult;
import org.okpay.ledger.TransferResultCode;
import org.okpay.shared.OkPayException;

/**
 * One measured mode: {@code clients} submitters in a closed loop, each calling the blocking
 * {@link LedgerApi#transfer} (what a request thread of the application does) and timing it from
 * submit to the committed result. A warm-up runs first; only transfers that complete inside the
 * measured window count, so the window's rate is completions per second.
 */
final class Load {

  enum Mode {
    /** Random distinct pair of customers for every transfer. */
    UNIFORM("uniform"),
    /** A random customer pays the single merchant account: every transfer touches one row. */
    HOT("hot");

    private final String label;

    Mode(String label) {
      this.label = label;
    }

    String label() {
      return label;
    }
  }

  private static final long LATENCY_MAX_MICROS = TimeUnit.MINUTES.toMicros(2);
  private static final int AMOUNT_MAX_MINOR = 100;

  private final LedgerBench.Settings settings;
  private final LedgerApi ledger;
  private final LedgerBench.Accounts accounts;
  private final Mode mode;
  private final BatchMetrics metrics;
  private final DataSource db;

  Load(LedgerBench.Settings settings, LedgerApi ledger, LedgerBench.Accounts accounts, Mode mode,
      BatchMetrics metrics, DataSource db) {
    this.settings = settings;
    this.ledger = ledger;
    this.accounts = accounts;
    this.mode = mode;
    this.metrics = metrics;
    this.db = db;
  }

  /** What one submitter saw. Only its own thread writes it; read after the thread ended. */
  private static final class Tally {
    final Histogram latencyMicros = new Histogram(LATENCY_MAX_MICROS, 3);
    final Map<TransferResultCode, Long> codes = new EnumMap<>(TransferResultCode.class);
    final Map<String, Long> errors = new TreeMap<>();
    long okTotal;
  }

  Result run() throws Exception {
    long startNanos = System.nanoTime();
    long measureFromNanos = startNanos + TimeUnit.SECONDS.toNanos(settings.warmupSeconds());
    long measureToNanos = measureFromNanos + TimeUnit.SECONDS.toNanos(settings.seconds());
    List<Tally> tallies = new ArrayList<>();
    List<Thread> threads = new ArrayList<>();
    Thread.Builder builder = settings.virtualThreads() ? Thread.ofVirtual() : Thread.ofPlatform();
    for (int i = 0; i < settings.clients(); i++) {
      Tally tally = new Tally();
      tallies.add(tally);
      threads.add(builder.name("bench-" + mode.label() + "-" + i)
          .start(() -> submitLoop(tally, measureFromNanos, measureToNanos)));
    }
    sleepUntil(measureFromNanos);
    Probe before = Probe.take(metrics, db);
    sleepUntil(measureToNanos);
    Probe after = Probe.take(metrics, db);
    for (Thread t : threads) {
      t.join();
    }
    return Result.of(mode, settings, tallies, before, after);
  }

  private void submitLoop(Tally tally, long measureFromNanos, long measureToNanos) {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    while (System.nanoTime() < measureToNanos) {
      TransferRequest request = next(random);
      long t0 = System.nanoTime();
      TransferResultCode code;
      try {
        TransferResult result = ledger.transfer(request);
        code = result.code();
      } catch (OkPayException e) {
        code = null;
        tally.errors.merge(e.errorCode().code(), 1L, Long::sum);
      } catch (RuntimeException e) {
        code = null;
        tally.errors.merge(e.getClass().getSimpleName(), 1L, Long::sum);
      }
      long t1 = System.nanoTime();
      if (code == TransferResultCode.OK) {
        tally.okTotal++;
      }
      if (code != null && t1 >= measureFromNanos && t1 < measureToNanos) {
        tally.codes.merge(code, 1L, Long::sum);
        tally.latencyMicros.recordValue(Math.min(LATENCY_MAX_MICROS, (t1 - t0) / 1_000));
      }
    }
  }

  /** A posted transfer with no id of its own: the ledger gives it a time-ordered one. */
  private TransferRequest next(ThreadLocalRandom random) {
    int n = accounts.count();
    long debit = accounts.customer(random.nextInt(n));
    long credit;
    if (mode == Mode.HOT) {
      credit = accounts.merchantId();
    } else {
      long other;
      do {
        other = accounts.customer(random.nextInt(n));
      } while (other == debit);
      credit = other;
    }
    long amount = 1 + random.nextInt(AMOUNT_MAX_MINOR);
    return TransferRequest.posted(null, debit, credit, amount, LedgerBench.EUR, "bench_" + mode.label(),
        null);
  }

  private static void sleepUntil(long nanos) throws InterruptedException {
    long waitNanos = nanos - System.nanoTime();
    if (waitNanos > 0) {
      TimeUnit.NANOSECONDS.sleep(waitNanos);
    }
  }

  /** Counters read at both ends of the measured window. */
  record Probe(long nanos, BatchMetrics.Snapshot batches, CpuSample cpu, long walSyncs,
      long commits, String database) {

    static Probe take(BatchMetrics metrics, DataSource db) {
      long[] pg = pgCounters(db);
      return new Probe(System.nanoTime(), metrics.snapshot(), CpuSample.take(), pg[0], pg[1],
          databaseName(db));
    }

    private static String databaseName(DataSource db) {
      try (Connection c = db.getConnection()) {
        return c.getCatalog();
      } catch (SQLException e) {
        return "?";
      }
    }

    /** WAL flushes (pg_stat_wal) and committed transactions of this database; -1 if unknown. */
    private static long[] pgCounters(DataSource db) {
      try (Connection c = db.getConnection(); Statement st = c.createStatement();
          ResultSet rs = st.executeQuery("select (select wal_sync from pg_stat_wal),"
              + " (select xact_commit from pg_stat_database where datname = current_database())")) {
        rs.next();
        return new long[] {rs.getLong(1), rs.getLong(2)};
      } catch (SQLException e) {
        return new long[] {-1, -1};
      }
    }
  }

  record Result(Mode mode, int seconds, double tps, double p50Ms, double p99Ms, double p999Ms,
      double maxMs, double meanMs, long measured, long okTotal, Map<TransferResultCode, Long> codes,
      Map<String, Long> errors, BatchMetrics.Delta batches, Probe before, Probe after) {

    static Result of(Mode mode, LedgerBench.Settings s, List<Tally> tallies, Probe before,
        Probe after) {
      Histogram all = new Histogram(LATENCY_MAX_MICROS, 3);
      Map<TransferResultCode, Long> codes = new EnumMap<>(TransferResultCode.class);
      Map<String, Long> errors = new TreeMap<>();
      long okTotal = 0;
      for (Tally t : tallies) {
        all.add(t.latencyMicros);
        t.codes.forEach((k, v) -> codes.merge(k, v, Long::sum));
        t.errors.forEach((k, v) -> errors.merge(k, v, Long::sum));
        okTotal += t.okTotal;
      }
      long measured = all.getTotalCount();
      double windowSeconds = (after.nanos - before.nanos) / 1e9;
      return new Result(mode, s.seconds(), measured / windowSeconds,
          all.getValueAtPercentile(50) / 1e3, all.getValueAtPercentile(99) / 1e3,
          all.getValueAtPercentile(99.9) / 1e3, all.getMaxValue() / 1e3, all.getMean() / 1e3,
          measured, okTotal, codes, errors, after.batches.minus(before.batches), before, after);
    }

    long okCount() {
      return okTotal;
    }

    /** Every transfer accepted and no caller saw an error: anything else is a bench failure. */
    boolean clean() {
      return errors.isEmpty() && codes.keySet().stream().allMatch(c -> c == TransferResultCode.OK);
    }

    void print() {
      String name = mode.label();
      System.out.printf("%s: %,.0f transfers/s over %d s (%,d committed in the window);"
              + " latency submit->committed p50 %.2f ms, p99 %.2f ms, p99.9 %.2f ms, max %.1f ms,"
              + " mean %.2f ms%n", name, tps, seconds, measured, p50Ms, p99Ms, p999Ms, maxMs, meanMs);
      System.out.printf("%s: results %s; errors %s%n", name, codes, errors.isEmpty() ? "none" : errors);
      System.out.printf("%s: %s%n", name, batches.summary());
      System.out.printf("%s: %s%n", name, resources());
      System.out.printf("bench-result mode=%s tps=%.0f p50_ms=%.2f p99_ms=%.2f%n", name, tps, p50Ms,
          p99Ms);
    }

    private String resources() {
      double seconds = (after.nanos - before.nanos) / 1e9;
      long self = ProcessHandle.current().pid();
      String cpu = after.cpu.breakdown(before.cpu, "bench JVM", p -> p.pid() == self,
          after.database);
      long syncs = after.walSyncs - before.walSyncs;
      long commits = after.commits - before.commits;
      String wal = before.walSyncs < 0 ? "WAL n/a" : String.format(
          "WAL flushes %,.0f/s, commits (whole database) %,.0f/s", syncs / seconds,
          commits / seconds);
      return cpu + "; " + wal;
    }
  }
}
