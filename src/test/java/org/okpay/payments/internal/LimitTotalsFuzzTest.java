package org.okpay.payments.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.okpay.FuzzSeed;
import org.okpay.OkPayTest;
import org.okpay.payments.PaymentTransaction;
import org.okpay.payments.TrackerStep;
import org.okpay.payments.TransactionState;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The running limit totals (payments.limit_usage) against the rows they sum, after every step of
 * a random mix of what happens to payments.transactions: single and batch inserts (with replayed
 * keys that insert nothing), failures, completions, reversals (a refund's state), compare-and-set
 * moves that lose, rows moved into the past across days and months, a deleted row and an insert
 * rolled back. After each step, for the test's users: every (user, operation, UTC day) total
 * equals the sum of its rows not failed, and {@link LimitUsage#usage} answers exactly what the
 * month scan it replaced answers ({@link #SCAN}, kept here as the oracle) for several windows.
 *
 * <p>Replay: {@code -Dokpay.fuzz.seed=N} or {@code OKPAY_FUZZ_SEED=N}; the seed fixes every
 * choice (times are offsets from the clock, so a replay on another day crosses the same kinds of
 * boundaries, not the same dates).
 */
@OkPayTest
class LimitTotalsFuzzTest {

  static final int STEPS = 250;
  static final List<String> OPERATIONS = List.of("p2p", "withdrawal", "topup_card");
  static final Currency USD = Currency.getInstance("USD");

  /**
   * The limit check as it was before the totals: one scan of the user's rows of the month (its
   * velocity count capped at velocity-max, as the check reads it now).
   */
  static final String SCAN = """
      select least(count(*) filter (where created_at >= :velocity), :velocityCap) as recent,
             coalesce(sum(limit_amount_minor) filter (where operation = :op
               and state <> 'failed' and created_at >= :day), 0) as day,
             coalesce(sum(limit_amount_minor) filter (where operation = :op
               and state <> 'failed' and created_at >= :month), 0) as month
        from payments.transactions
       where user_id = :user and created_at >= least(:velocity, :month)
      """;

  @Autowired TransactionStore store;
  @Autowired RecordStore recordStore;
  @Autowired LimitUsage usage;
  @Autowired Checks checks;
  @Autowired TransactionTemplate tx;
  @Autowired JdbcClient jdbc;
  @Autowired Clock clock;
  @Autowired PaymentsProperties properties;

  private Random rnd;
  private final List<UUID> users = List.of(UUID.randomUUID(), UUID.randomUUID(),
      UUID.randomUUID());
  private final List<PaymentTransaction> made = new ArrayList<>();
  private int keys;

  @Test
  void totalsEqualTheRowsAfterEveryStep() {
    long seed = FuzzSeed.seed();
    System.out.printf("LimitTotalsFuzzTest seed=%d, replay with -Dokpay.fuzz.seed=%d%n", seed,
        seed);
    rnd = new Random(seed);
    Map<String, Integer> counts = new TreeMap<>();
    for (int step = 1; step <= STEPS; step++) {
      String name = step();
      counts.merge(name, 1, Integer::sum);
      try {
        requireTotalsMatchRows();
        requireUsageMatchesScan();
      } catch (AssertionError e) {
        throw new AssertionError("step " + step + " (" + name + ") with seed=" + seed
            + " (replay with -Dokpay.fuzz.seed=" + seed + "): " + e.getMessage(), e);
      }
    }
    System.out.printf("LimitTotalsFuzzTest seed=%d: %d steps %s%n", seed, STEPS, counts);
    assertThat(counts).as("every kind of step ran").containsKeys("insert", "batch", "fail",
        "complete", "reverse", "backdate");
  }

  /** One random change; returns its name. */
  private String step() {
    int roll = made.isEmpty() ? 0 : rnd.nextInt(100);
    if (roll < 25) {
      store.insert(maybeReplayed(row(at(), rnd.nextBoolean() ? TransactionState.CREATED
          : TransactionState.PROCESSING)), TrackerStep.CREATED);
      return "insert";
    }
    if (roll < 40) {
      Instant now = at();
      List<PaymentTransaction> rows = new ArrayList<>();
      for (int i = rnd.nextInt(6); i >= 0; i--) {
        rows.add(maybeReplayed(row(now, TransactionState.CREATED)));
      }
      recordStore.insert(rows, TrackerStep.CREATED, now);
      return "batch";
    }
    PaymentTransaction t = current(made.get(rnd.nextInt(made.size())));
    if (roll < 55) {
      // From a state that may no longer be current: a lost compare-and-set changes nothing.
      TransactionState from = rnd.nextInt(4) == 0 ? TransactionState.CREATED : t.state();
      if (from.canMoveTo(TransactionState.FAILED)) {
        store.move(t.id(), from, TransactionState.FAILED, "declined", clock.instant());
      }
      return "fail";
    }
    if (roll < 70) {
      List<UUID> ids = made.stream().map(this::current)
          .filter(r -> r.state() == TransactionState.PROCESSING).map(PaymentTransaction::id)
          .limit(1 + rnd.nextInt(4)).toList();
      store.moveAllWithStep(ids, TransactionState.PROCESSING, TransactionState.COMPLETED,
          TrackerStep.COMPLETED, clock.instant());
      return "complete";
    }
    if (roll < 78) {
      if (t.state() == TransactionState.COMPLETED) {
        store.moveWithStep(t.id(), TransactionState.COMPLETED, TransactionState.REVERSED,
            "returned", TrackerStep.RETURNED, null, clock.instant());
      }
      return "reverse";
    }
    if (roll < 92) {
      // As tests and screenshots move rows into the past, and an operator may by hand.
      jdbc.sql("update payments.transactions set created_at = created_at - cast(:ago as interval)"
              + " where id = :id")
          .param("ago", (1 + rnd.nextInt(72 * 60)) + " minutes").param("id", t.id()).update();
      return "backdate";
    }
    if (roll < 96) {
      tx.executeWithoutResult(status -> {
        store.insert(row(at(), TransactionState.CREATED), TrackerStep.CREATED);
        status.setRollbackOnly();
      });
      return "rolled back";
    }
    jdbc.sql("delete from payments.transaction_steps where transaction_id = :id")
        .param("id", t.id()).update();
    jdbc.sql("delete from payments.work_list where transaction_id = :id")
        .param("id", t.id()).update();
    jdbc.sql("delete from payments.transactions where id = :id").param("id", t.id()).update();
    made.removeIf(r -> r.id().equals(t.id()));
    return "delete";
  }

  /** Now, or up to 40 days back: today, earlier this month, the month before. */
  private Instant at() {
    Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
    return rnd.nextInt(3) == 0 ? now : now.minus(Duration.ofMinutes(rnd.nextInt(40 * 24 * 60)));
  }

  /** Sometimes with a key the user used already: then nothing is inserted. */
  private PaymentTransaction maybeReplayed(PaymentTransaction row) {
    List<PaymentTransaction> sameUser = made.stream()
        .filter(r -> r.userId().equals(row.userId())).toList();
    if (sameUser.isEmpty() || rnd.nextInt(5) != 0) {
      made.add(row);
      return row;
    }
    String key = sameUser.get(rnd.nextInt(sameUser.size())).idempotencyKey();
    return new PaymentTransaction(row.id(), row.userId(), row.operation(), row.state(),
        row.amountMinor(), row.currency(), row.feeMinor(), null, null, null, null, null, null,
        null, row.counterparty(), null, null, null, null, null, row.limitAmountMinor(),
        List.of(), null, key, row.requestHash(), row.createdAt(), row.updatedAt());
  }

  private PaymentTransaction row(Instant at, TransactionState state) {
    UUID user = users.get(rnd.nextInt(users.size()));
    long amount = 1 + rnd.nextInt(50_000);
    // Some operations count nothing toward the limits (limit amount 0).
    long limitAmount = rnd.nextInt(8) == 0 ? 0 : amount;
    return new PaymentTransaction(UUID.randomUUID(), user,
        OPERATIONS.get(rnd.nextInt(OPERATIONS.size())), state, amount, USD, 0, null, null, null,
        null, null, null, null, "fuzz", null, null, null, null, null, limitAmount, List.of(),
        null, "fuzz-" + (++keys), "hash", at, at);
  }

  private PaymentTransaction current(PaymentTransaction t) {
    return store.byId(t.id()).orElseThrow();
  }

  private void requireTotalsMatchRows() {
    String[] ids = users.stream().map(UUID::toString).toArray(String[]::new);
    Map<String, Long> rows = sums("""
        select user_id, operation, (created_at at time zone 'UTC')::date as day,
               sum(limit_amount_minor) as amount
          from payments.transactions
         where user_id = any(cast(:users as uuid[])) and state <> 'failed'
         group by 1, 2, 3
        """, ids);
    Map<String, Long> totals = sums("""
        select user_id, operation, day, amount_minor as amount from payments.limit_usage
         where user_id = any(cast(:users as uuid[]))
        """, ids);
    rows.values().removeIf(v -> v == 0);
    totals.values().removeIf(v -> v == 0);
    assertThat(totals).as("limit_usage by (user, operation, day)").isEqualTo(rows);
  }

  private Map<String, Long> sums(String sql, String[] users) {
    Map<String, Long> sums = new TreeMap<>();
    jdbc.sql(sql).param("users", users).query(rs -> {
      sums.put(rs.getString("user_id") + " " + rs.getString("operation") + " "
          + rs.getString("day"), rs.getLong("amount"));
    });
    return sums;
  }

  /** What the limit check reads, at now and at a few earlier moments, against the old scan. */
  private void requireUsageMatchesScan() {
    Instant now = clock.instant();
    for (Instant at : List.of(now, now.minus(Duration.ofDays(1)),
        now.minus(Duration.ofDays(17)))) {
      Checks.Window w = checks.window(at);
      for (UUID user : users) {
        for (String op : OPERATIONS) {
          LimitUsage.Usage used = usage.usage(user, op, w.velocitySince(), w.daySince(),
              w.monthSince());
          LimitUsage.Usage scanned = jdbc.sql(SCAN).param("user", user).param("op", op)
              .param("velocity", TransactionStore.ts(w.velocitySince()))
              .param("velocityCap", properties.velocityMax())
              .param("day", TransactionStore.ts(w.daySince()))
              .param("month", TransactionStore.ts(w.monthSince()))
              .query((rs, n) -> new LimitUsage.Usage(rs.getInt("recent"), rs.getLong("day"),
                  rs.getLong("month"))).single();
          assertThat(used).as("usage of %s %s at %s", user, op, at).isEqualTo(scanned);
        }
      }
    }
  }
}
