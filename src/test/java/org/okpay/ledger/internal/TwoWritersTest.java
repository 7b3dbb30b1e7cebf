package org.okpay.ledger.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.okpay.ledger.LedgerFixture.USD;
import static org.okpay.ledger.TransferResultCode.*;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.okpay.ledger.Account;
import org.okpay.ledger.InvariantReport;
import org.okpay.ledger.LedgerApi;
import org.okpay.ledger.LedgerFixture;
import org.okpay.ledger.TransferKind;
import org.okpay.ledger.TransferRequest;
import org.okpay.ledger.TransferResult;
import org.okpay.ledger.TransferResultCode;
import org.springframework.beans.factory.annotation.Autowired;
import org.okpay.OkPayTest;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Two application instances on one database: the context's writer and a second, independent
 * {@link LedgerWriter} with its own connection pool, both running, writing to the same accounts
 * at the same time. Locks in id order must keep them from deadlocking on accounts, and the
 * primary key must keep an id from being stored twice when both receive it at once.
 */
@OkPayTest
class TwoWritersTest {

  private static final int THREADS = 16;
  private static final int ROUNDS_PER_THREAD = 150;
  private static final int CUSTOMERS = 20;
  private static final long FUNDING_MINOR = 1_000_000;
  private static final int SECOND_POOL_SIZE = 10;
  private static final long WAIT_MAX_SECONDS = 120;

  @Autowired LedgerApi ledger;
  @Autowired LedgerWriter writer;
  @Autowired DataSource dataSource;
  @Autowired MetadataCodec metadataCodec;
  @Autowired LedgerProperties properties;
  @Autowired MeterRegistry meters;
  @Autowired JdbcClient jdbc;

  /** What the test saw: accepted transfers and the posted balance change they make per account. */
  private final Map<Long, LongAdder> deltas = new ConcurrentHashMap<>();
  private final Map<String, LongAdder> events = new ConcurrentHashMap<>();
  private final LongAdder accepted = new LongAdder();

  /** A second instance: its own pool from the same URL and user, and its own writer threads. */
  private interface SecondInstance {
    void run(LedgerWriter other) throws Exception;
  }

  private SimpleMeterRegistry secondMeters;

  private void withSecondInstance(SecondInstance body) throws Exception {
    HikariDataSource contextPool = dataSource.unwrap(HikariDataSource.class);
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(contextPool.getJdbcUrl());
    config.setUsername(contextPool.getUsername());
    config.setPassword(contextPool.getPassword());
    config.setMaximumPoolSize(SECOND_POOL_SIZE);
    config.setPoolName("okpay-second-instance");
    secondMeters = new SimpleMeterRegistry();
    try (HikariDataSource pool = new HikariDataSource(config)) {
      LedgerWriter other = new LedgerWriter(pool,
          new BatchApplier(new BatchStore(metadataCodec)), properties, secondMeters);
      other.start();
      try {
        body.run(other);
      } finally {
        other.stop();
      }
    }
  }

  @Test
  void twoInstancesInterleaveOnSharedAccounts() throws Exception {
    LedgerFixture fixture = new LedgerFixture(ledger);
    String code = "two-" + UUID.randomUUID().toString().substring(0, 8);
    long seed = new SecureRandom().nextLong();
    Account rail = fixture.system(USD);
    Account merchant = fixture.merchant(USD);
    List<Account> customers = new ArrayList<>();
    for (int i = 0; i < CUSTOMERS; i++) {
      Account c = fixture.customer(USD);
      assertThat(ledger.transfer(TransferRequest.posted(UUID.randomUUID(), rail.id(), c.id(),
          FUNDING_MINOR, USD, "two-fund", null)).code()).isEqualTo(OK);
      customers.add(c);
    }
    LongAdder paidByRail = new LongAdder();
    double retriesBefore = contextRetries();

    long startNanos = System.nanoTime();
    withSecondInstance(other -> runThreads(seed, (thread, rnd) -> {
      LedgerWriter first = rnd.nextBoolean() ? writer : other;
      LedgerWriter second = first == writer ? other : writer;
      int roll = rnd.nextInt(100);
      if (roll < 60) {
        independentPair(first, second, rnd, customers, merchant, code);
      } else if (roll < 85) {
        Account to = rnd.nextInt(4) == 0 ? merchant : customers.get(rnd.nextInt(CUSTOMERS));
        TransferRequest twin = TransferRequest.posted(UUID.randomUUID(), rail.id(), to.id(),
            1 + rnd.nextInt(1000), USD, code, null);
        identicalTwins(first, second, twin);
        paidByRail.add(twin.amountMinor());
      } else {
        holdOnOneSettleOnOther(first, second, rnd, customers, merchant, code);
      }
    }));
    double seconds = (System.nanoTime() - startNanos) / 1e9;

    long stored = storedWithCode(code);
    System.out.printf("TwoWritersTest.interleave seed=%d: %d threads x %d rounds over two "
            + "instances in %.1f s; %s; %d accepted, %d stored with code %s; retries: context "
            + "writer %.0f, second writer %.0f%n", seed, THREADS, ROUNDS_PER_THREAD, seconds,
        events, accepted.sum(), stored, code, contextRetries() - retriesBefore,
        secondRetries());
    assertThat(count("twins")).as("the identical-twin case ran").isPositive();
    assertThat(count("holds settled across instances")).isPositive();
    assertThat(stored).as("exactly the accepted transfers are stored").isEqualTo(accepted.sum());
    assertSound();
    long total = 0;
    for (Account before : customers) {
      Account a = fixture.reload(before);
      assertThat(a.debitsPendingMinor()).as("every hold was settled").isZero();
      assertThat(a.availableMinor()).isNotNegative();
      assertThat(a.balanceMinor()).as("customer %d", a.id())
          .isEqualTo(FUNDING_MINOR + delta(a.id()));
      total += a.balanceMinor();
    }
    Account hot = fixture.reload(merchant);
    assertThat(hot.creditsPendingMinor()).isZero();
    assertThat(hot.balanceMinor()).isEqualTo(delta(hot.id()));
    total += hot.balanceMinor();
    assertThat(total).as("money in the test accounts")
        .isEqualTo(CUSTOMERS * FUNDING_MINOR + paidByRail.sum());
  }

  /**
   * The same id with different accounts, sent to both instances at once. The two batches share
   * no account lock, so only the primary key stands between them: the loser must retry and then
   * see the winner's transfer.
   */
  @Test
  void sameIdWithDifferentAccountsOnBothInstances() throws Exception {
    LedgerFixture fixture = new LedgerFixture(ledger);
    String code = "twin-" + UUID.randomUUID().toString().substring(0, 8);
    long seed = new SecureRandom().nextLong();
    List<Account[]> viaFirst = new ArrayList<>();
    List<Account[]> viaSecond = new ArrayList<>();
    for (int t = 0; t < THREADS; t++) {
      viaFirst.add(new Account[] {fixture.system(USD), fixture.customer(USD)});
      viaSecond.add(new Account[] {fixture.system(USD), fixture.customer(USD)});
    }
    double retriesBefore = contextRetries();

    withSecondInstance(other -> runThreads(seed, (t, rnd) -> {
      Account[] a = viaFirst.get(t);
      Account[] b = viaSecond.get(t);
      UUID id = UUID.randomUUID();
      long amount = 1 + rnd.nextInt(1000);
      TransferRequest first = TransferRequest.posted(id, a[0].id(), a[1].id(), amount, USD, code,
          null);
      TransferRequest second = TransferRequest.posted(id, b[0].id(), b[1].id(), amount, USD,
          code, null);
      var fa = writer.submit(List.of(first), false);
      var fb = other.submit(List.of(second), false);
      TransferResult ra = fa.join().getFirst();
      TransferResult rb = fb.join().getFirst();
      List<TransferResultCode> codes = List.of(ra.code(), rb.code());
      assertThat(codes).as("one stored, the other told it differs")
          .containsExactlyInAnyOrder(OK, EXISTS_WITH_DIFFERENT_DEBIT_ACCOUNT);
      TransferRequest winner = ra.code() == OK ? first : second;
      assertThat(ledger.findTransfer(id).orElseThrow().debitAccountId())
          .isEqualTo(winner.debitAccountId());
      record(winner, ra.code() == OK ? ra : rb);
      event(ra.code() == OK ? "context instance won" : "second instance won");
    }));

    long stored = storedWithCode(code);
    System.out.printf("TwoWritersTest.sameId seed=%d: %s; %d stored with code %s; retries: "
            + "context writer %.0f, second writer %.0f%n", seed, events, stored, code,
        contextRetries() - retriesBefore, secondRetries());
    assertThat(stored).isEqualTo(accepted.sum()).isEqualTo((long) THREADS * ROUNDS_PER_THREAD);
    assertSound();
    for (List<Account[]> side : List.of(viaFirst, viaSecond)) {
      for (Account[] pair : side) {
        assertThat(fixture.reload(pair[1]).balanceMinor()).isEqualTo(delta(pair[1].id()));
        assertThat(fixture.reload(pair[0]).balanceMinor()).isEqualTo(delta(pair[0].id()));
      }
    }
  }

  // ---------------------------------------------------------------- the cases

  private void independentPair(LedgerWriter first, LedgerWriter second, Random rnd,
      List<Account> customers, Account merchant, String code) {
    TransferRequest r1 = randomPayment(rnd, customers, merchant, code);
    TransferRequest r2 = randomPayment(rnd, customers, merchant, code);
    var f1 = first.submit(List.of(r1), false);
    var f2 = second.submit(List.of(r2), false);
    for (var pair : List.of(Map.entry(r1, f1), Map.entry(r2, f2))) {
      TransferResult result = pair.getValue().join().getFirst();
      assertThat(result.code()).isIn(OK, EXCEEDS_AVAILABLE_BALANCE);
      if (result.code() == OK) {
        record(pair.getKey(), result);
      }
      event(result.code() == OK ? "payments" : "payments refused");
    }
  }

  /** The same request on both instances at once: stored once, the other sees it as a replay. */
  private void identicalTwins(LedgerWriter first, LedgerWriter second, TransferRequest twin) {
    var f1 = first.submit(List.of(twin), false);
    var f2 = second.submit(List.of(twin), false);
    TransferResult r1 = f1.join().getFirst();
    TransferResult r2 = f2.join().getFirst();
    assertThat(List.of(r1.code(), r2.code())).as("twin %s", twin.id())
        .containsExactlyInAnyOrder(OK, EXISTS);
    assertThat(r1.transfer()).as("both return the one stored transfer").isEqualTo(r2.transfer());
    record(twin, r1.code() == OK ? r1 : r2);
    event("twins");
  }

  /** A hold taken through one instance is posted or voided through the other. */
  private void holdOnOneSettleOnOther(LedgerWriter first, LedgerWriter second, Random rnd,
      List<Account> customers, Account merchant, String code) {
    Account payer = customers.get(rnd.nextInt(CUSTOMERS));
    TransferRequest hold = TransferRequest.pending(UUID.randomUUID(), payer.id(), merchant.id(),
        1 + rnd.nextInt(20_000), USD, null, code, null);
    TransferResult held = first.submit(List.of(hold), false).join().getFirst();
    assertThat(held.code()).isIn(OK, EXCEEDS_AVAILABLE_BALANCE);
    if (held.code() != OK) {
      event("holds refused");
      return;
    }
    accepted.increment();
    TransferRequest settle = switch (rnd.nextInt(3)) {
      case 0 -> TransferRequest.postPending(UUID.randomUUID(), hold.id(), 0, code);
      case 1 -> TransferRequest.postPending(UUID.randomUUID(), hold.id(),
          1 + rnd.nextLong(hold.amountMinor()), code);
      default -> TransferRequest.voidPending(UUID.randomUUID(), hold.id(), code);
    };
    TransferResult settled = second.submit(List.of(settle), false).join().getFirst();
    assertThat(settled.code()).as("settling hold %s on the other instance", hold.id())
        .isEqualTo(OK);
    record(settle, settled);
    event("holds settled across instances");
  }

  private static TransferRequest randomPayment(Random rnd, List<Account> customers,
      Account merchant, String code) {
    Account debit = customers.get(rnd.nextInt(customers.size()));
    Account credit = merchant;
    if (rnd.nextInt(3) == 0) {
      do {
        credit = customers.get(rnd.nextInt(customers.size()));
      } while (credit.id() == debit.id());
    }
    long amount = rnd.nextInt(20) == 0 ? 500_000 + rnd.nextInt(1_000_000) : 1 + rnd.nextInt(20_000);
    return TransferRequest.posted(UUID.randomUUID(), debit.id(), credit.id(), amount, USD, code,
        null);
  }

  // ---------------------------------------------------------------- plumbing

  private interface Step {
    void run(int thread, Random rnd) throws Exception;
  }

  private void runThreads(long seed, Step step) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    CountDownLatch start = new CountDownLatch(1);
    List<Future<?>> workers = new ArrayList<>();
    try {
      for (int t = 0; t < THREADS; t++) {
        int thread = t;
        Random rnd = new Random(seed + t);
        workers.add(pool.submit(() -> {
          start.await();
          for (int i = 0; i < ROUNDS_PER_THREAD; i++) {
            step.run(thread, rnd);
          }
          return null;
        }));
      }
      start.countDown();
      for (Future<?> worker : workers) {
        worker.get(WAIT_MAX_SECONDS, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  /** Counts an accepted transfer and its effect on posted balances. */
  private void record(TransferRequest r, TransferResult result) {
    assertThat(result.code()).isEqualTo(OK);
    accepted.increment();
    var t = result.transfer();
    if (t.kind() == TransferKind.POSTED || t.kind() == TransferKind.POST_PENDING) {
      deltas.computeIfAbsent(t.debitAccountId(), k -> new LongAdder()).add(-t.amountMinor());
      deltas.computeIfAbsent(t.creditAccountId(), k -> new LongAdder()).add(t.amountMinor());
    }
  }

  private void event(String name) {
    events.computeIfAbsent(name, k -> new LongAdder()).increment();
  }

  private long count(String name) {
    LongAdder n = events.get(name);
    return n == null ? 0 : n.sum();
  }

  private long delta(long accountId) {
    LongAdder d = deltas.get(accountId);
    return d == null ? 0 : d.sum();
  }

  private long storedWithCode(String code) {
    return jdbc.sql("select count(*) from ledger.transfers where code = :code")
        .param("code", code).query(Long.class).single();
  }

  private void assertSound() {
    InvariantReport report = ledger.checkInvariants();
    assertThat(report.holds()).as("invariants: %s", report).isTrue();
  }

  private double contextRetries() {
    var counter = meters.find("okpay.ledger.batch.retries").counter();
    return counter == null ? 0 : counter.count();
  }

  private double secondRetries() {
    var counter = secondMeters.find("okpay.ledger.batch.retries").counter();
    return counter == null ? 0 : counter.count();
  }
}
