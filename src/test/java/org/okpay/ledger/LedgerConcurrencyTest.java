package org.okpay.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.okpay.ledger.LedgerFixture.USD;

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
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.okpay.OkPayTest;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Many threads call {@link LedgerApi#transfer} at once among customer accounts and one hot
 * merchant account, some for more than the payer can have. Afterwards the ledger is sound, no
 * customer is below zero, exactly the accepted transfers are stored, each account's balance is
 * what the accepted transfers say, and the money in the test accounts is what was funded.
 */
@OkPayTest
class LedgerConcurrencyTest {

  private static final int THREADS = 32;
  private static final int TRANSFERS_PER_THREAD = 300;
  private static final int CUSTOMERS = 100;
  private static final long FUNDING_MINOR = 1_000_000;
  private static final long WAIT_MAX_SECONDS = 120;

  @Autowired LedgerApi ledger;
  @Autowired JdbcClient jdbc;

  @Test
  void manyThreadsKeepTheLedgerSound() throws Exception {
    LedgerFixture fixture = new LedgerFixture(ledger);
    String code = "conc-" + UUID.randomUUID().toString().substring(0, 8);
    long seed = new SecureRandom().nextLong();
    Account rail = fixture.system(USD);
    Account merchant = fixture.merchant(USD);
    List<Account> customers = new ArrayList<>();
    for (int i = 0; i < CUSTOMERS; i++) {
      Account c = fixture.customer(USD);
      TransferResult funded = ledger.transfer(TransferRequest.posted(UUID.randomUUID(), rail.id(),
          c.id(), FUNDING_MINOR, USD, "conc-fund", null));
      assertThat(funded.code()).isEqualTo(TransferResultCode.OK);
      customers.add(c);
    }
    Map<Long, LongAdder> deltas = new ConcurrentHashMap<>();
    Map<TransferResultCode, LongAdder> codes = new ConcurrentHashMap<>();

    long startNanos = System.nanoTime();
    ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    CountDownLatch start = new CountDownLatch(1);
    List<Future<?>> workers = new ArrayList<>();
    try {
      for (int t = 0; t < THREADS; t++) {
        Random rnd = new Random(seed + t);
        workers.add(pool.submit(() -> {
          start.await();
          for (int i = 0; i < TRANSFERS_PER_THREAD; i++) {
            TransferRequest r = randomTransfer(rnd, customers, merchant, code);
            TransferResult result = ledger.transfer(r);
            codes.computeIfAbsent(result.code(), k -> new LongAdder()).increment();
            if (result.code() == TransferResultCode.OK) {
              deltas.computeIfAbsent(r.debitAccountId(), k -> new LongAdder()).add(-r.amountMinor());
              deltas.computeIfAbsent(r.creditAccountId(), k -> new LongAdder()).add(r.amountMinor());
            }
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
    double seconds = (System.nanoTime() - startNanos) / 1e9;

    long ok = count(codes, TransferResultCode.OK);
    long refused = count(codes, TransferResultCode.EXCEEDS_AVAILABLE_BALANCE);
    long stored = jdbc.sql("select count(*) from ledger.transfers where code = :code")
        .param("code", code).query(Long.class).single();
    System.out.printf("LedgerConcurrencyTest seed=%d: %d threads x %d transfers in %.1f s "
            + "(%.0f/s): %s; %d stored with code %s%n", seed, THREADS, TRANSFERS_PER_THREAD,
        seconds, THREADS * TRANSFERS_PER_THREAD / seconds, codes, stored, code);

    assertThat(ok + refused).as("only OK or insufficient funds").isEqualTo(
        (long) THREADS * TRANSFERS_PER_THREAD);
    assertThat(ok).as("some transfers went through").isPositive();
    assertThat(refused).as("some were refused for insufficient funds").isPositive();
    assertThat(stored).as("exactly the accepted transfers are stored").isEqualTo(ok);
    InvariantReport report = ledger.checkInvariants();
    assertThat(report.holds()).as("invariants: %s", report).isTrue();
    long total = 0;
    for (Account before : customers) {
      Account a = fixture.reload(before);
      assertThat(a.availableMinor()).as("customer %d", a.id()).isNotNegative();
      assertThat(a.balanceMinor()).as("customer %d", a.id())
          .isEqualTo(FUNDING_MINOR + delta(deltas, a.id()));
      total += a.balanceMinor();
    }
    Account hot = fixture.reload(merchant);
    assertThat(hot.balanceMinor()).isEqualTo(delta(deltas, hot.id()));
    total += hot.balanceMinor();
    assertThat(total).as("money in the test accounts").isEqualTo(CUSTOMERS * FUNDING_MINOR);
  }

  /**
   * Half go to the hot merchant, the rest to another customer; one in ten is for more than a
   * customer usually holds.
   */
  private static TransferRequest randomTransfer(Random rnd, List<Account> customers,
      Account merchant, String code) {
    Account debit = customers.get(rnd.nextInt(customers.size()));
    Account credit = merchant;
    if (rnd.nextBoolean()) {
      do {
        credit = customers.get(rnd.nextInt(customers.size()));
      } while (credit.id() == debit.id());
    }
    long amount = rnd.nextInt(10) == 0 ? 500_000 + rnd.nextInt(1_500_000) : 1 + rnd.nextInt(10_000);
    return TransferRequest.posted(UUID.randomUUID(), debit.id(), credit.id(), amount, USD, code,
        null);
  }

  private static long count(Map<TransferResultCode, LongAdder> codes, TransferResultCode code) {
    LongAdder n = codes.get(code);
    return n == null ? 0 : n.sum();
  }

  private static long delta(Map<Long, LongAdder> deltas, long accountId) {
    LongAdder d = deltas.get(accountId);
    return d == null ? 0 : d.sum();
  }
}
