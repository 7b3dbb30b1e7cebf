package okpay.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import javax.sql.DataSource;
import io.micrometer.core.instrument.MeterRegistry;
import org.okpay.OkPayApplication;
import org.okpay.ledger.Account;
import org.okpay.ledger.InvariantReport;
import org.okpay.ledger.LedgerApi;
import org.okpay.ledger.OpenAccount;
import org.okpay.ledger.OwnerType;
import org.okpay.ledger.TransferRequest;
import org.okpay.ledger.TransferResultCode;
import org.okpay.shared.ErrorCode;
import org.okpay.shared.OkPayException;
import org.springframework.boot.Banner;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.Environment;

/**
 * Drives the ledger's real write path: starts the OKPay application against the bench database, opens and funds the accounts, then runs the uniform and the hot
 * mode with {@code clients} closed-loop submitters each, checking the ledger's invariants after
 * every phase. Prints one machine-readable {@code bench-result} line per mode for
 * {@code bench/ledger.sh}; exits non-zero when an invariant or a transfer fails.
 */
public final class LedgerBench {

  static final Currency EUR = Currency.getInstance("EUR");
  private static final long FUNDING_PER_ACCOUNT_MINOR = 1_000_000L;
  private static final int FUNDING_IN_FLIGHT_MAX = 4_000;
  private static final int SUBMIT_RETRIES_MAX = 10_000;

  private LedgerBench() {
  }

  record Settings(String url, String user, String password, int seconds, int warmupSeconds,
      int clients, int accounts, boolean virtualThreads) {

    static Settings fromSystemProperties() {
      Settings s = new Settings(
          System.getProperty("bench.url"),
          System.getProperty("bench.user", "postgres"),
          System.getProperty("bench.password", ""),
          Integer.getInteger("bench.seconds", 30),
          Integer.getInteger("bench.warmupSeconds", 3),
          Integer.getInteger("bench.clients", 32),
          Integer.getInteger("bench.accounts", 100_000),
          !"platform".equals(System.getProperty("bench.threads", "virtual")));
      if (s.url == null || s.seconds < 1 || s.clients < 1 || s.accounts < 2 || s.warmupSeconds < 0) {
        throw new IllegalArgumentException("bench.url, seconds >= 1, clients >= 1, accounts >= 2");
      }
      return s;
    }
  }

  public static void main(String[] args) throws Exception {
    Settings settings = Settings.fromSystemProperties();
    resetSchema(settings.url(), settings.user(), settings.password());
    boolean ok;
    try (ConfigurableApplicationContext context = start(settings, args)) {
      ok = run(settings, context);
    }
    System.exit(ok ? 0 : 1);
  }

  /**
   * A fresh database every run, so results never depend on an earlier run's rows: every schema
   * in it is dropped (the application's, Flyway's history, pgbench's tables) and public made
   * again. Hence the refusal of a database whose name does not say it is for benchmarks.
   * (Shared with {@link PaymentsBench}.)
   */
  static void resetSchema(String url, String user, String password) throws SQLException {
    try (Connection c = DriverManager.getConnection(url, user, password);
        Statement st = c.createStatement()) {
      String database = c.getCatalog();
      if (!database.contains("bench")) {
        throw new IllegalArgumentException("refusing to wipe database '" + database
            + "': the bench database's name must contain 'bench'");
      }
      List<String> schemas = new ArrayList<>();
      try (ResultSet rs = st.executeQuery("select quote_ident(nspname) from pg_namespace"
          + " where nspname not like 'pg\\_%' and nspname <> 'information_schema'")) {
        while (rs.next()) {
          schemas.add(rs.getString(1));
        }
      }
      for (String schema : schemas) {
        st.execute("drop schema " + schema + " cascade");
      }
      st.execute("create schema public");
    }
  }

  /**
   * The whole application, as deployed: its web server too (on a free loopback port, unused),
   * since some modules' beans exist only in a web context. Command-line arguments outrank
   * application.yml, whose datasource URL would otherwise be the empty {@code OKPAY_DB_URL} and
   * start the embedded database instead.
   */
  private static ConfigurableApplicationContext start(Settings s, String[] args) {
    SpringApplication app = new SpringApplication(OkPayApplication.class);
    app.setBannerMode(Banner.Mode.OFF);
    List<String> all = new ArrayList<>(List.of(
        "--server.port=0",
        "--server.address=127.0.0.1",
        "--spring.datasource.url=" + s.url,
        "--spring.datasource.username=" + s.user,
        "--spring.datasource.password=" + s.password,
        "--logging.level.root=WARN",
        // Cumulative buckets, so each mode's batch sizes and durations are a difference of two
        // snapshots (the writer's own percentiles decay over time and would mix the modes).
        "--management.metrics.distribution.slo.okpay.ledger.batch.transfers="
            + BatchMetrics.SIZE_BUCKETS,
        "--management.metrics.distribution.slo.okpay.ledger.batch=" + BatchMetrics.TIME_BUCKETS));
    all.addAll(List.of(args));
    return app.run(all.toArray(String[]::new));
  }

  private static boolean run(Settings s, ConfigurableApplicationContext context) throws Exception {
    LedgerApi ledger = context.getBean(LedgerApi.class);
    DataSource db = context.getBean(DataSource.class);
    BatchMetrics metrics = new BatchMetrics(context.getBean(MeterRegistry.class));
    if (!printServer(db, context.getEnvironment(), s)) {
      return false;
    }
    Accounts accounts = setUp(s, ledger, db, metrics);
    if (!checkInvariants(ledger, "setup", accounts.count() + 2, accounts.count())) {
      return false;
    }
    long transfers = accounts.count();
    List<Load.Result> results = new ArrayList<>();
    for (Load.Mode mode : Load.Mode.values()) {
      Sql.checkpoint(db);
      Load.Result r = new Load(s, ledger, accounts, mode, metrics, db).run();
      r.print();
      results.add(r);
      transfers += r.okCount();
      if (!checkInvariants(ledger, mode.label(), accounts.count() + 2, transfers) || !r.clean()) {
        System.out.println("FAILED: " + mode.label() + " mode is not clean (see above)");
        return false;
      }
    }
    return true;
  }

  /** Prints what makes the numbers comparable and refuses to measure non-durable commits. */
  private static boolean printServer(DataSource db, Environment env, Settings s)
      throws SQLException {
    String syncCommit = Sql.show(db, "synchronous_commit");
    String fsync = Sql.show(db, "fsync");
    System.out.printf("server: %s%n", Sql.one(db, "select version()"));
    System.out.printf("server settings (seen by the ledger's connections): synchronous_commit=%s"
            + " fsync=%s wal_sync_method=%s shared_buffers=%s max_connections=%s%n",
        syncCommit, fsync, Sql.show(db, "wal_sync_method"), Sql.show(db, "shared_buffers"),
        Sql.show(db, "max_connections"));
    System.out.printf("ledger settings: batch-max=%s linger=%s writers=%s queue-capacity=%s"
            + " pool=%s; submitters: %d %s threads, closed loop%n",
        env.getProperty("okpay.ledger.batch-max"), env.getProperty("okpay.ledger.linger"),
        env.getProperty("okpay.ledger.writers"), env.getProperty("okpay.ledger.queue-capacity"),
        env.getProperty("spring.datasource.hikari.maximum-pool-size"), s.clients,
        s.virtualThreads ? "virtual" : "platform");
    if (!"on".equals(syncCommit) || !"on".equals(fsync)) {
      System.out.println("FAILED: commits are not durable (synchronous_commit and fsync must be on)");
      return false;
    }
    return true;
  }

  /** The bench's accounts: customers are a contiguous id range, so picking one is cheap. */
  record Accounts(long firstCustomerId, int count, long merchantId, long fundingId) {
    long customer(int index) {
      return firstCustomerId + index;
    }
  }

  /**
   * Inserts the customer accounts with one statement (opening 100,000 accounts one call at a
   * time would take minutes), then funds each through the ledger itself, so every balance is
   * backed by a transfer and the invariant check covers the funding too.
   */
  private static Accounts setUp(Settings s, LedgerApi ledger, DataSource db, BatchMetrics metrics)
      throws Exception {
    long startNanos = System.nanoTime();
    Account funding = ledger.openAccount(new OpenAccount(OwnerType.SYSTEM, "bench-funding", EUR,
        "funding"));
    Account merchant = ledger.openAccount(new OpenAccount(OwnerType.MERCHANT, "bench-merchant", EUR,
        "wallet"));
    long first = Sql.insertCustomers(db, s.accounts);
    Accounts accounts = new Accounts(first, s.accounts, merchant.id(), funding.id());
    long insertedNanos = System.nanoTime();
    BatchMetrics.Snapshot before = metrics.snapshot();
    fund(ledger, accounts);
    long fundedNanos = System.nanoTime();
    BatchMetrics.Delta batches = metrics.snapshot().minus(before);
    Sql.exec(db, "vacuum analyze ledger.accounts");
    Sql.exec(db, "vacuum analyze ledger.transfers");
    System.out.printf("setup: %,d customer accounts inserted in %.1f s; funded through the ledger"
            + " (%,d transfers, one system account debited by all) in %.1f s = %,.0f/s, %s%n",
        s.accounts, (insertedNanos - startNanos) / 1e9, s.accounts,
        (fundedNanos - insertedNanos) / 1e9, s.accounts / ((fundedNanos - insertedNanos) / 1e9),
        batches.summary());
    return accounts;
  }

  private static void fund(LedgerApi ledger, Accounts accounts) throws InterruptedException {
    Semaphore inFlight = new Semaphore(FUNDING_IN_FLIGHT_MAX);
    AtomicLong failed = new AtomicLong();
    AtomicReference<String> firstFailure = new AtomicReference<>();
    for (int i = 0; i < accounts.count(); i++) {
      TransferRequest r = TransferRequest.posted(null, accounts.fundingId(), accounts.customer(i),
          FUNDING_PER_ACCOUNT_MINOR, EUR, "bench_funding", null);
      inFlight.acquire();
      submitWithBackoff(ledger, r).whenComplete((result, error) -> {
        inFlight.release();
        if (error != null || result.code() != TransferResultCode.OK) {
          failed.incrementAndGet();
          firstFailure.compareAndSet(null, error != null ? error.toString() : result.code().name());
        }
      });
    }
    inFlight.acquire(FUNDING_IN_FLIGHT_MAX);
    if (failed.get() > 0) {
      throw new IllegalStateException(failed.get() + " funding transfers failed, first: "
          + firstFailure.get());
    }
  }

  /** A full queue refuses at once; the funding loop waits and offers again, a bounded number of times. */
  static java.util.concurrent.CompletableFuture<org.okpay.ledger.TransferResult>
      submitWithBackoff(LedgerApi ledger, TransferRequest r) throws InterruptedException {
    for (int attempt = 1; ; attempt++) {
      try {
        return ledger.submit(r);
      } catch (OkPayException e) {
        if (e.errorCode() != ErrorCode.LEDGER_BUSY || attempt >= SUBMIT_RETRIES_MAX) {
          throw e;
        }
        TimeUnit.MILLISECONDS.sleep(1);
      }
    }
  }

  /**
   * Runs the ledger's own invariant check, and checks that the ledger holds exactly the accounts
   * and the accepted transfers the bench knows of.
   */
  static boolean checkInvariants(LedgerApi ledger, String phase, long accountsExpected,
      long transfersExpected) {
    long startNanos = System.nanoTime();
    InvariantReport report = ledger.checkInvariants();
    boolean counts = report.accountsChecked() == accountsExpected
        && report.transfersChecked() == transfersExpected;
    boolean holds = report.holds() && counts;
    System.out.printf("invariants after %s: %s (%,d accounts, %,d transfers; expected %,d and %,d;"
            + " unbalanced currencies %s, accounts not matching transfers %s, negative %s; %.1f s)%n",
        phase, holds ? "HOLD" : "BROKEN", report.accountsChecked(), report.transfersChecked(),
        accountsExpected, transfersExpected, report.unbalancedCurrencies(),
        head(report.accountsNotMatchingTransfers()), head(report.negativeAccounts()),
        (System.nanoTime() - startNanos) / 1e9);
    if (!holds) {
      System.out.println("FAILED: ledger invariants are broken after " + phase);
    }
    return holds;
  }

  private static String head(List<Long> ids) {
    return ids.size() <= 10 ? ids.toString() : ids.subList(0, 10) + "... (" + ids.size() + ")";
  }

  /** The few statements the bench runs itself; none of them writes balances. */
  static final class Sql {

    private Sql() {
    }

    static String show(DataSource db, String setting) throws SQLException {
      return one(db, "show " + setting);
    }

    static String one(DataSource db, String sql) throws SQLException {
      try (Connection c = db.getConnection(); Statement st = c.createStatement();
          ResultSet rs = st.executeQuery(sql)) {
        rs.next();
        return rs.getString(1);
      }
    }

    static void exec(DataSource db, String sql) throws SQLException {
      try (Connection c = db.getConnection(); Statement st = c.createStatement()) {
        st.execute(sql);
      }
    }

    /** Starts each measured phase without the previous phase's dirty pages to write. */
    static void checkpoint(DataSource db) {
      try {
        exec(db, "checkpoint");
      } catch (SQLException e) {
        System.out.println("note: CHECKPOINT refused (" + e.getSQLState() + "), continuing");
      }
    }

    /** Inserts customer accounts with zero balances; returns the first id (ids are contiguous). */
    static long insertCustomers(DataSource db, int count) throws SQLException {
      try (Connection c = db.getConnection(); Statement st = c.createStatement()) {
        c.setAutoCommit(false);
        st.execute("lock table ledger.accounts in exclusive mode");
        st.executeUpdate("insert into ledger.accounts (owner_type, owner_id, currency, kind,"
            + " may_go_negative, shard_key) select 'customer', 'bench-' || g, 'EUR', 'wallet',"
            + " false, ledger.shard_key('customer', 'bench-' || g)"
            + " from generate_series(1, " + count + ") g order by g");
        long first;
        long last;
        try (ResultSet rs = st.executeQuery("select min(id), max(id) from ledger.accounts"
            + " where owner_type = 'customer'")) {
          rs.next();
          first = rs.getLong(1);
          last = rs.getLong(2);
        }
        c.commit();
        if (last - first + 1 != count) {
          throw new IllegalStateException("customer ids are not contiguous");
        }
        return first;
      }
    }
  }
}
