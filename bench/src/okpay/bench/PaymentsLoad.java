package okpay.bench;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.HdrHistogram.Histogram;
import org.okpay.identity.CurrentUser;
import org.okpay.payments.PaymentRequest;
import org.okpay.payments.PaymentsApi;
import org.okpay.payments.TransactionState;
import org.okpay.shared.OkPayException;

/**
 * The measured run: {@code clients} callers in a closed loop, each sending money from a random
 * user to one of the next {@code friends} users (the people they usually pay) through the
 * blocking {@link PaymentsApi#execute}, as a request thread of the application does, and timing
 * it from call to answer. A warm-up runs first; only payments answered inside the measured
 * window count, so the window's rate is answers per second.
 */
final class PaymentsLoad {

  private static final long LATENCY_MAX_MICROS = TimeUnit.MINUTES.toMicros(2);

  private final PaymentsBench.Settings settings;
  private final PaymentsApi payments;
  private final List<CurrentUser> users;
  private final BatchMetrics metrics;
  private final StatementCounter counter;
  private final DataSource db;
  private final MeterRegistry meters;

  PaymentsLoad(PaymentsBench.Settings settings, PaymentsApi payments, List<CurrentUser> users,
      BatchMetrics metrics, StatementCounter counter, DataSource db, MeterRegistry meters) {
    this.settings = settings;
    this.payments = payments;
    this.users = users;
    this.metrics = metrics;
    this.counter = counter;
    this.db = db;
    this.meters = meters;
  }

  /** What one caller saw. Only its own thread writes it; read after the thread ended. */
  private static final class Tally {
    final Histogram latencyMicros = new Histogram(LATENCY_MAX_MICROS, 3);
    final Map<TransactionState, Long> states = new EnumMap<>(TransactionState.class);
    final Map<String, Long> errors = new TreeMap<>();
    long callsTotal;
    long completedTotal;
  }

  /** Both ends of the measured window: the ledger's probe and the statement counts. */
  record Mark(Load.Probe probe, StatementCounter.Snapshot statements, ThreadCpu threads,
      double notificationsDelivered, long outboxWritten, DispatchMeters dispatch) {

    static Mark take(BatchMetrics metrics, DataSource db, StatementCounter counter,
        MeterRegistry meters) {
      StatementCounter.Snapshot statements = counter.snapshot();
      Counter delivered = meters.find("okpay.notify.delivered").counter();
      return new Mark(Load.Probe.take(metrics, db), statements, ThreadCpu.take(),
          delivered == null ? -1 : delivered.count(), outboxWritten(db),
          DispatchMeters.take(meters));
    }

    /** Rows ever written to the outbox: its identity's high-water mark (rollbacks leave gaps). */
    private static long outboxWritten(DataSource db) {
      try {
        return Long.parseLong(LedgerBench.Sql.one(db,
            "select coalesce(max(id), 0) from notify.outbox"));
      } catch (java.sql.SQLException e) {
        throw new IllegalStateException(e);
      }
    }
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
      int client = i;
      threads.add(builder.name("bench-p2p-" + i)
          .start(() -> sendLoop(client, tally, measureFromNanos, measureToNanos)));
    }
    sleepUntil(measureFromNanos);
    Mark before = Mark.take(metrics, db, counter, meters);
    BacklogSampler backlog = new BacklogSampler(db);
    backlog.start(measureToNanos);
    sleepUntil(measureToNanos);
    Mark after = Mark.take(metrics, db, counter, meters);
    backlog.finish();
    for (Thread t : threads) {
      t.join();
    }
    return Result.of(settings, tallies, before, after, backlog);
  }

  private void sendLoop(int client, Tally tally, long measureFromNanos, long measureToNanos) {
    StatementCounter.markRequestThread();
    ThreadLocalRandom random = ThreadLocalRandom.current();
    int n = users.size();
    int friends = Math.min(settings.friends(), n - 1);
    for (long seq = 1; System.nanoTime() < measureToNanos; seq++) {
      int from = random.nextInt(n);
      CurrentUser sender = users.get(from);
      String to = users.get((from + 1 + random.nextInt(friends)) % n).email();
      PaymentRequest request = new PaymentRequest.Send(to, settings.amountMinor(),
          PaymentsBench.USD, null);
      String key = "bench-" + client + "-" + seq;
      long t0 = System.nanoTime();
      TransactionState state = null;
      try {
        state = payments.execute(sender, key, request, null).transaction().state();
      } catch (OkPayException e) {
        tally.errors.merge(e.errorCode().code(), 1L, Long::sum);
      } catch (RuntimeException e) {
        tally.errors.merge(e.getClass().getSimpleName(), 1L, Long::sum);
      }
      long t1 = System.nanoTime();
      tally.callsTotal++;
      if (state == TransactionState.COMPLETED) {
        tally.completedTotal++;
      }
      if (state != null && t1 >= measureFromNanos && t1 < measureToNanos) {
        tally.states.merge(state, 1L, Long::sum);
        tally.latencyMicros.recordValue(Math.min(LATENCY_MAX_MICROS, (t1 - t0) / 1_000));
      }
    }
  }

  private static void sleepUntil(long nanos) throws InterruptedException {
    long waitNanos = nanos - System.nanoTime();
    if (waitNanos > 0) {
      TimeUnit.NANOSECONDS.sleep(waitNanos);
    }
  }

  record Result(int seconds, double tps, double p50Ms, double p99Ms, double p999Ms, double maxMs,
      double meanMs, long measured, long callsTotal, long completedTotal,
      Map<TransactionState, Long> states, Map<String, Long> errors, Mark before, Mark after,
      boolean counted, BacklogSampler backlog) {

    static Result of(PaymentsBench.Settings s, List<Tally> tallies, Mark before, Mark after,
        BacklogSampler backlog) {
      Histogram all = new Histogram(LATENCY_MAX_MICROS, 3);
      Map<TransactionState, Long> states = new EnumMap<>(TransactionState.class);
      Map<String, Long> errors = new TreeMap<>();
      long calls = 0;
      long completed = 0;
      for (Tally t : tallies) {
        all.add(t.latencyMicros);
        t.states.forEach((k, v) -> states.merge(k, v, Long::sum));
        t.errors.forEach((k, v) -> errors.merge(k, v, Long::sum));
        calls += t.callsTotal;
        completed += t.completedTotal;
      }
      long measured = all.getTotalCount();
      double windowSeconds = (after.probe().nanos() - before.probe().nanos()) / 1e9;
      return new Result(s.seconds(), measured / windowSeconds,
          all.getValueAtPercentile(50) / 1e3, all.getValueAtPercentile(99) / 1e3,
          all.getValueAtPercentile(99.9) / 1e3, all.getMaxValue() / 1e3, all.getMean() / 1e3,
          measured, calls, completed, states, errors, before, after, s.countStatements(),
          backlog);
    }

    /** Every call answered and every payment completed: anything else is a bench failure. */
    boolean clean() {
      return errors.isEmpty()
          && states.keySet().stream().allMatch(st -> st == TransactionState.COMPLETED);
    }

    void print() {
      System.out.printf("p2p: %,.0f payments/s over %d s (%,d answered in the window); latency"
              + " execute->answer p50 %.2f ms, p99 %.2f ms, p99.9 %.2f ms, max %.1f ms,"
              + " mean %.2f ms%n", tps, seconds, measured, p50Ms, p99Ms, p999Ms, maxMs, meanMs);
      System.out.printf("p2p: answers %s; errors %s%n", states, errors.isEmpty() ? "none" : errors);
      System.out.printf("p2p: %s%n", roundTrips());
      System.out.printf("p2p: ledger %s%n", after.probe().batches().minus(before.probe().batches())
          .summary());
      System.out.printf("p2p: %s%n", resources());
      double delivered = after.notificationsDelivered() - before.notificationsDelivered();
      System.out.printf("p2p: notifications (in-app and e-mail, written to the outbox with the"
              + " payment, delivered after it) delivered by the dispatcher in the window:"
              + " %,.0f/s (%.2f per payment)%n", delivered / windowSeconds(), delivered
              / Math.max(1, measured));
      printNotifications(delivered);
      System.out.printf("p2p: %s%n", after.threads().breakdown(before.threads(),
          windowSeconds()));
      System.out.printf("bench-result mode=p2p tps=%.0f p50_ms=%.2f p99_ms=%.2f"
              + " round_trips_per_payment=%.1f request_statements_per_payment=%.1f"
              + " server_commits_per_payment=%.1f%n", tps, p50Ms, p99Ms,
          perPayment(statements().roundTrips()),
          perPayment(statements().statements(StatementCounter.Kind.REQUEST)),
          perPayment(after.probe().commits() - before.probe().commits()));
    }

    /** Written against delivered in the same window, and the dispatchers' cost per delivery. */
    private void printNotifications(double delivered) {
      long written = after.outboxWritten() - before.outboxWritten();
      StatementCounter.Snapshot d = statements();
      long notifyStatements = d.statements(StatementCounter.Kind.NOTIFY);
      long notifyCommits = d.commits(StatementCounter.Kind.NOTIFY);
      System.out.printf("p2p: notifications written %,.0f/s, delivered %,.0f/s: delivered/written"
              + " %.2f; notify dispatchers' round trips per delivery %s%n",
          written / windowSeconds(), delivered / windowSeconds(), delivered / Math.max(1, written),
          counted && after.dispatch().timers().containsKey("pool okpay-notify")
              ? String.format("not counted: the dispatchers use their own pool"
                  + " (okpay.notify.own-pool); on the shared pool (the phrases' query) %.3f",
                  (notifyStatements + notifyCommits) / Math.max(1, delivered))
              : counted ? String.format("%.3f (%.3f statements + %.3f commits)",
              (notifyStatements + notifyCommits) / Math.max(1, delivered),
              notifyStatements / Math.max(1, delivered), notifyCommits / Math.max(1, delivered))
              : "not counted (BENCH_COUNT_STATEMENTS=off)");
      System.out.printf("p2p: %s%n", after.dispatch().summary(before.dispatch(),
          windowSeconds()));
      backlog.print();
      System.out.printf("bench-result mode=notify written_per_s=%.0f delivered_per_s=%.0f"
              + " round_trips_per_delivery=%.3f%n", written / windowSeconds(),
          delivered / windowSeconds(),
          (notifyStatements + notifyCommits) / Math.max(1, delivered));
    }

    private double windowSeconds() {
      return (after.probe().nanos() - before.probe().nanos()) / 1e9;
    }

    private StatementCounter.Snapshot statements() {
      return after.statements().minus(before.statements());
    }

    private double perPayment(long count) {
      return measured == 0 ? 0 : (double) count / measured;
    }

    /** Statements + commits per payment by kind of thread, as the JDBC driver sent them. */
    private String roundTrips() {
      StatementCounter.Snapshot d = statements();
      if (!counted) {
        return "round trips not counted (BENCH_COUNT_STATEMENTS=off)";
      }
      StringBuilder text = new StringBuilder("round trips per payment (JDBC, statements +"
          + " commits):");
      for (StatementCounter.Kind kind : StatementCounter.Kind.values()) {
        text.append(String.format(" %s %.1f + %.2f;", kind.label, perPayment(d.statements(kind)),
            perPayment(d.commits(kind))));
      }
      return text.append(String.format(" all %.1f", perPayment(d.roundTrips()))).toString();
    }

    private String resources() {
      Load.Probe b = before.probe();
      Load.Probe a = after.probe();
      double windowSeconds = (a.nanos() - b.nanos()) / 1e9;
      long self = ProcessHandle.current().pid();
      String cpu = a.cpu().breakdown(b.cpu(), "bench JVM", p -> p.pid() == self, a.database());
      if (b.walSyncs() < 0) {
        return cpu + "; WAL n/a";
      }
      long syncs = a.walSyncs() - b.walSyncs();
      long commits = a.commits() - b.commits();
      return String.format("%s; WAL flushes %,.0f/s (%.1f per payment), commits (whole database,"
              + " pg_stat_database.xact_commit) %,.0f/s (%.1f per payment)", cpu,
          syncs / windowSeconds, perPayment(syncs), commits / windowSeconds, perPayment(commits));
    }
  }
}
