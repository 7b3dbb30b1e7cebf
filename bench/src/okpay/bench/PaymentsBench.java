package okpay.bench;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Currency;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import javax.sql.DataSource;
import io.micrometer.core.instrument.MeterRegistry;
import org.okpay.OkPayApplication;
import org.okpay.identity.CurrentUser;
import org.okpay.identity.Role;
import org.okpay.ledger.Account;
import org.okpay.ledger.LedgerApi;
import org.okpay.ledger.OpenAccount;
import org.okpay.ledger.OwnerType;
import org.okpay.ledger.TransferRequest;
import org.okpay.ledger.TransferResultCode;
import org.okpay.payments.Operation;
import org.okpay.payments.PaymentsApi;
import org.springframework.boot.Banner;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.Environment;

/**
 * Drives the whole payment path a user's "send money" takes: starts the OKPay application
 * against the bench database, creates users with confirmed addresses and funded USD balances,
 * then lets {@code clients} closed-loop callers send money between users through
 * {@link PaymentsApi#execute} (status gate, recipient look-up, funds and risk checks, limits
 * under the user's advisory lock, the transaction row and its tracker, the linked ledger
 * transfers, the state move, the notifications). Prints one {@code bench-result} line for
 * {@code bench/payments.sh}; exits non-zero when a payment does not complete, the ledger's
 * invariants break, or the transactions recorded do not match the answers.
 */
public final class PaymentsBench {

  static final Currency USD = Currency.getInstance("USD");
  /** Far above anything a run can use, far below the limits' own cap of 10^13. */
  private static final long LIMIT_MINOR = 1_000_000_000_000L;
  private static final int FUNDING_IN_FLIGHT_MAX = 4_000;
  private static final int SETUP_THREADS = 8;

  private PaymentsBench() {
  }

  record Settings(String url, String user, String password, int seconds, int warmupSeconds,
      int clients, int users, int friends, long amountMinor, long fundingMinor,
      boolean virtualThreads, boolean countStatements) {

    static Settings fromSystemProperties() {
      Settings s = new Settings(
          System.getProperty("bench.url"),
          System.getProperty("bench.user", "postgres"),
          System.getProperty("bench.password", ""),
          Integer.getInteger("bench.seconds", 30),
          Integer.getInteger("bench.warmupSeconds", 10),
          Integer.getInteger("bench.clients", 32),
          Integer.getInteger("bench.users", 2_000),
          Integer.getInteger("bench.friends", 5),
          Long.getLong("bench.amountMinor", 100L),
          Long.getLong("bench.fundingMinor", 1_000_000L),
          !"platform".equals(System.getProperty("bench.threads", "virtual")),
          !"off".equals(System.getProperty("bench.countStatements", "on")));
      if (s.url == null || s.seconds < 1 || s.clients < 1 || s.users < 2 || s.warmupSeconds < 0
          || s.friends < 1 || s.amountMinor < 1 || s.fundingMinor < s.amountMinor) {
        throw new IllegalArgumentException("bench.url, seconds >= 1, clients >= 1, users >= 2,"
            + " friends >= 1, 1 <= amountMinor <= fundingMinor");
      }
      return s;
    }
  }

  public static void main(String[] args) throws Exception {
    Settings settings = Settings.fromSystemProperties();
    LedgerBench.resetSchema(settings.url(), settings.user(), settings.password());
    StatementCounter counter = new StatementCounter();
    boolean ok;
    try (ConfigurableApplicationContext context = start(settings, counter, args)) {
      ok = run(settings, context, counter);
    }
    System.exit(ok ? 0 : 1);
  }

  /**
   * The whole application, as in {@link LedgerBench}, with two of its settings raised so that
   * they do not refuse the bench's traffic: the velocity limit (20 requests per user in 10
   * minutes) and the daily and monthly limits, every operation's line (each must have one).
   * Everything else, the risk checks included, is the application's default.
   */
  private static ConfigurableApplicationContext start(Settings s, StatementCounter counter,
      String[] args) {
    SpringApplication app = new SpringApplication(OkPayApplication.class);
    app.setBannerMode(Banner.Mode.OFF);
    if (s.countStatements) {
      app.addInitializers(counter.initializer());
    }
    List<String> all = new ArrayList<>(List.of(
        "--server.port=0",
        "--server.address=127.0.0.1",
        "--spring.datasource.url=" + s.url,
        "--spring.datasource.username=" + s.user,
        "--spring.datasource.password=" + s.password,
        "--logging.level.root=WARN",
        "--okpay.payments.velocity-max=1000000000",
        "--management.metrics.distribution.slo.okpay.ledger.batch.transfers="
            + BatchMetrics.SIZE_BUCKETS,
        "--management.metrics.distribution.slo.okpay.ledger.batch=" + BatchMetrics.TIME_BUCKETS));
    Operation[] operations = Operation.values();
    for (int i = 0; i < operations.length; i++) {
      String line = "--okpay.payments.limits[" + i + "].";
      all.add(line + "operation=" + operations[i].key());
      for (String limit : List.of("verified-daily-minor", "verified-monthly-minor",
          "unverified-daily-minor", "unverified-monthly-minor")) {
        all.add(line + limit + "=" + LIMIT_MINOR);
      }
    }
    all.addAll(List.of(args));
    return app.run(all.toArray(String[]::new));
  }

  private static boolean run(Settings s, ConfigurableApplicationContext context,
      StatementCounter counter) throws Exception {
    PaymentsApi payments = context.getBean(PaymentsApi.class);
    LedgerApi ledger = context.getBean(LedgerApi.class);
    DataSource db = context.getBean(DataSource.class);
    MeterRegistry meters = context.getBean(MeterRegistry.class);
    BatchMetrics metrics = new BatchMetrics(meters);
    if (!printServer(db, context.getEnvironment(), s)) {
      return false;
    }
    List<CurrentUser> users = setUp(s, payments, ledger, db, metrics);
    long accounts = Long.parseLong(LedgerBench.Sql.one(db, "select count(*) from ledger.accounts"));
    if (!LedgerBench.checkInvariants(ledger, "setup", accounts, s.users)) {
      return false;
    }
    LedgerBench.Sql.checkpoint(db);
    PaymentsLoad.Result r = new PaymentsLoad(s, payments, users, metrics, counter, db, meters).run();
    r.print();
    return verify(ledger, db, s, accounts, r);
  }

  /** Prints what makes the numbers comparable and refuses to measure non-durable commits. */
  private static boolean printServer(DataSource db, Environment env, Settings s)
      throws SQLException {
    String syncCommit = LedgerBench.Sql.show(db, "synchronous_commit");
    String fsync = LedgerBench.Sql.show(db, "fsync");
    System.out.printf("server: %s%n", LedgerBench.Sql.one(db, "select version()"));
    System.out.printf("server settings (seen by the application's connections):"
            + " synchronous_commit=%s fsync=%s wal_sync_method=%s shared_buffers=%s"
            + " max_connections=%s%n", syncCommit, fsync,
        LedgerBench.Sql.show(db, "wal_sync_method"), LedgerBench.Sql.show(db, "shared_buffers"),
        LedgerBench.Sql.show(db, "max_connections"));
    System.out.printf("application settings: pool=%s; ledger batch-max=%s linger=%s writers=%s;"
            + " payments velocity-max=%s, limits raised to %,d minor units for every operation,"
            + " large-amount-floor-minor=%s, new-device-window=%s%n",
        env.getProperty("spring.datasource.hikari.maximum-pool-size"),
        env.getProperty("okpay.ledger.batch-max"), env.getProperty("okpay.ledger.linger"),
        env.getProperty("okpay.ledger.writers"), env.getProperty("okpay.payments.velocity-max"),
        LIMIT_MINOR, env.getProperty("okpay.payments.large-amount-floor-minor"),
        env.getProperty("okpay.payments.new-device-window"));
    System.out.printf("load: %d callers (%s threads, closed loop), %,d users, each paying one of"
            + " %d others, %s per payment%n", s.clients, s.virtualThreads ? "virtual" : "platform",
        s.users, Math.min(s.friends, s.users - 1), new org.okpay.shared.Money(s.amountMinor, USD));
    if (!"on".equals(syncCommit) || !"on".equals(fsync)) {
      System.out.println("FAILED: commits are not durable (synchronous_commit and fsync must be on)");
      return false;
    }
    return true;
  }

  /**
   * Users are inserted with one statement (registering 2,000 users through the API would hash
   * 2,000 passwords): confirmed addresses, no usable password (nobody signs in), no two-factor,
   * no sessions. Their USD balances are opened through {@link PaymentsApi#openBalance}, as a
   * user does, and funded through the ledger from a system account, so every balance is backed
   * by a transfer.
   */
  private static List<CurrentUser> setUp(Settings s, PaymentsApi payments, LedgerApi ledger,
      DataSource db, BatchMetrics metrics) throws Exception {
    long t0 = System.nanoTime();
    List<CurrentUser> users = insertUsers(db, s.users);
    long t1 = System.nanoTime();
    openBalances(payments, users);
    long t2 = System.nanoTime();
    Map<UUID, Long> wallets = walletIds(db);
    Account funding = ledger.openAccount(new OpenAccount(OwnerType.SYSTEM, "bench-funding", USD,
        "funding"));
    BatchMetrics.Snapshot before = metrics.snapshot();
    fund(ledger, funding.id(), users, wallets, s.fundingMinor);
    long t3 = System.nanoTime();
    for (String table : List.of("identity.users", "ledger.accounts", "ledger.transfers")) {
      LedgerBench.Sql.exec(db, "vacuum analyze " + table);
    }
    System.out.printf("setup: %,d users inserted in %.1f s; their USD balances opened through"
            + " PaymentsApi in %.1f s; funded with %s each through the ledger in %.1f s, %s%n",
        users.size(), (t1 - t0) / 1e9, (t2 - t1) / 1e9,
        new org.okpay.shared.Money(s.fundingMinor, USD), (t3 - t2) / 1e9,
        metrics.snapshot().minus(before).summary());
    return users;
  }

  private static List<CurrentUser> insertUsers(DataSource db, int count) throws SQLException {
    List<CurrentUser> users = new ArrayList<>(count);
    try (Connection c = db.getConnection()) {
      try (PreparedStatement ps = c.prepareStatement("""
          insert into identity.users (id, email, email_verified_at, display_name, language,
                 country, default_currency, role, password_hash, password_changed_at)
          select gen_random_uuid(), 'bench-user-' || g || '@example.com', now(),
                 'Bench user ' || g, 'en', 'US', 'USD', 'customer', '!bench: cannot sign in', now()
            from generate_series(1, ?) g
          """)) {
        ps.setInt(1, count);
        ps.executeUpdate();
      }
      try (PreparedStatement ps = c.prepareStatement("""
          select id, email, display_name from identity.users
           where email like 'bench-user-%@example.com' order by email
          """); ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          // No session row behind the session id: the risk check's "new device" is false, as
          // for a user on the device they always use.
          users.add(new CurrentUser(rs.getObject(1, UUID.class), rs.getString(2),
              rs.getString(3), Role.CUSTOMER, "en", true, UUID.randomUUID(), "US"));
        }
      }
    }
    if (users.size() != count) {
      throw new IllegalStateException("inserted " + count + " users, found " + users.size());
    }
    return users;
  }

  private static void openBalances(PaymentsApi payments, List<CurrentUser> users)
      throws Exception {
    try (ExecutorService pool = Executors.newFixedThreadPool(SETUP_THREADS)) {
      List<Future<?>> opened = new ArrayList<>();
      for (CurrentUser u : users) {
        opened.add(pool.submit(() -> payments.openBalance(u.userId(), USD)));
      }
      for (Future<?> f : opened) {
        f.get();
      }
    }
  }

  private static Map<UUID, Long> walletIds(DataSource db) throws SQLException {
    Map<UUID, Long> ids = new HashMap<>();
    try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement("""
        select owner_id, id from ledger.accounts
         where owner_type = 'customer' and kind = 'wallet' and currency = 'USD'
        """); ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        ids.put(UUID.fromString(rs.getString(1)), rs.getLong(2));
      }
    }
    return ids;
  }

  private static void fund(LedgerApi ledger, long fundingId, List<CurrentUser> users,
      Map<UUID, Long> wallets, long amountMinor) throws InterruptedException {
    Semaphore inFlight = new Semaphore(FUNDING_IN_FLIGHT_MAX);
    AtomicLong failed = new AtomicLong();
    AtomicReference<String> firstFailure = new AtomicReference<>();
    for (CurrentUser u : users) {
      Long wallet = wallets.get(u.userId());
      if (wallet == null) {
        throw new IllegalStateException("no USD wallet for " + u.email());
      }
      TransferRequest r = TransferRequest.posted(null, fundingId, wallet, amountMinor, USD,
          "bench_funding", null);
      inFlight.acquire();
      LedgerBench.submitWithBackoff(ledger, r).whenComplete((result, error) -> {
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

  /**
   * After the run: the ledger's invariants hold and it holds exactly the setup's accounts and
   * transfers plus the legs of the completed payments; every call completed its payment and the
   * database holds exactly those payments, all completed.
   */
  private static boolean verify(LedgerApi ledger, DataSource db, Settings s, long accounts,
      PaymentsLoad.Result r) throws SQLException {
    long[] p2p = longs(db, """
        select count(*), count(*) filter (where state = 'completed'),
               count(*) filter (where state = 'completed' and fee_minor > 0),
               count(*) filter (where 'new_recipient' = any(risk_reasons)),
               count(*) filter (where state = 'on_hold')
          from payments.transactions where operation = 'p2p'
        """);
    long[] outbox = longs(db, """
        select count(*), count(*) filter (where status = 'pending'),
               count(*) filter (where status = 'failed') from notify.outbox
        """);
    System.out.printf("after the run: %,d p2p transactions recorded, %,d completed (%,d with a fee"
            + " leg), %,d held for review; risk check saw a new recipient in %,d (%.0f %%);"
            + " outbox %,d rows, %,d still pending, %,d failed%n", p2p[0], p2p[1], p2p[2], p2p[4],
        p2p[3], 100.0 * p2p[3] / Math.max(1, p2p[0]), outbox[0], outbox[1], outbox[2]);
    long transfersExpected = s.users + p2p[1] + p2p[2];
    boolean ledgerOk = LedgerBench.checkInvariants(ledger, "the run", accounts, transfersExpected);
    boolean matches = r.clean() && p2p[0] == r.callsTotal() && p2p[1] == r.completedTotal();
    System.out.printf("answers vs. rows: %,d calls, %,d answered completed; %,d recorded, %,d"
            + " completed: %s%n", r.callsTotal(), r.completedTotal(), p2p[0], p2p[1],
        matches ? "MATCH" : "MISMATCH");
    if (!matches) {
      System.out.println("FAILED: not every call completed its payment exactly once (see above)");
    }
    return ledgerOk && matches;
  }

  private static long[] longs(DataSource db, String sql) throws SQLException {
    try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement(sql);
        ResultSet rs = ps.executeQuery()) {
      rs.next();
      long[] values = new long[rs.getMetaData().getColumnCount()];
      for (int i = 0; i < values.length; i++) {
        values[i] = rs.getLong(i + 1);
      }
      return values;
    }
  }
}
