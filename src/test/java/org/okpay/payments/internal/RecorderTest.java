package org.okpay.payments.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Currency;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.okpay.OkPayTest;
import org.okpay.identity.CurrentUser;
import org.okpay.identity.IdentityApi;
import org.okpay.identity.Role;
import org.okpay.payments.Operation;
import org.okpay.payments.PaymentPlan;
import org.okpay.payments.PaymentResultCode;
import org.okpay.payments.PricingApi;
import org.okpay.shared.Money;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The recorder of the request path (group commit), against the real database: every outcome of
 * a payment in one batch, in arrival order, and a refusal changes nothing; then many payments of
 * one user racing for a daily limit through two recorders (two instances' worth, with their own
 * threads and connections) and the same key sent many times at once. Payers are unverified, so
 * the low P2P limits apply; the rows need no real users (the table refers to them by id only).
 */
@OkPayTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RecorderTest {

  static final int VELOCITY_MAX = 3;
  static final Currency USD = Currency.getInstance("USD");

  @Autowired RecordStore recordStore;
  @Autowired GroupCommitProperties groupCommit;
  @Autowired Settler settler;
  @Autowired IdentityApi identity;
  @Autowired LedgerAccounts accounts;
  @Autowired LimitUsage usage;
  @Autowired OperationTypes types;
  @Autowired PaymentsProperties defaults;
  @Autowired PricingApi pricing;
  @Autowired TransactionTemplate tx;
  @Autowired JdbcClient jdbc;
  @Autowired Clock appClock;

  private Clock clock;
  private Checks strict;
  private Checks roomy;
  private Recorder one;
  private Recorder other;
  private long dailyMinor;
  private long monthlyMinor;

  @BeforeAll
  void setUp() {
    // On the 1st of a month "earlier this month" does not exist: look from the 2nd then.
    boolean firstOfMonth = LocalDate.ofInstant(appClock.instant(), ZoneOffset.UTC)
        .getDayOfMonth() == 1;
    clock = firstOfMonth ? Clock.offset(appClock, Duration.ofDays(1)) : appClock;
    strict = checks(VELOCITY_MAX);
    roomy = checks(10_000);
    one = recorder(roomy);
    other = recorder(roomy);
    dailyMinor = pricing.limit(Operation.P2P, false).dailyMinor();
    monthlyMinor = pricing.limit(Operation.P2P, false).monthlyMinor();
    assertThat(monthlyMinor).as("the test needs a monthly limit above the daily one")
        .isGreaterThan(dailyMinor);
  }

  @AfterAll
  void stop() {
    one.stop();
    other.stop();
  }

  private Checks checks(int velocityMax) {
    PaymentsProperties properties = new PaymentsProperties(velocityMax,
        defaults.velocityWindow(), defaults.largeAmountFactor(), defaults.largeAmountFloorMinor(),
        defaults.newDeviceWindow(), defaults.reconcileInterval(), defaults.reconcileBatchMax(),
        defaults.staleAfter(), defaults.returnWatch());
    return new Checks(identity, accounts, usage, types, properties, clock);
  }

  private Recorder recorder(Checks checks) {
    Recorder recorder = new Recorder(recordStore, checks, settler, new KnownRecipients(types),
        groupCommit, tx, jdbc, clock, new SimpleMeterRegistry());
    recorder.start();
    return recorder;
  }

  @Test
  void everyOutcomeInOneBatchInArrivalOrder() throws Exception {
    CurrentUser payer = payer();
    CurrentUser monthly = payer();
    CurrentUser keyed = payer();
    // Earlier this month (not today, not in the velocity window): most of the monthly limit.
    long earlierMinor = monthlyMinor - dailyMinor / 2;
    // Recorded today in parts that each fit the daily limit, each moved to yesterday.
    for (long left = earlierMinor, part = 1; left > 0; part++) {
      Recording earlier = recording(monthly, "earlier-" + part, Math.min(left, dailyMinor));
      recordAlone(earlier, roomy);
      jdbc.sql("""
          update payments.transactions set created_at = :at, updated_at = :at where id = :id
          """).param("at", TransactionStore.ts(startOfToday().minus(1, ChronoUnit.HOURS)))
          .param("id", earlier.id()).update();
      left -= earlier.plan().amountMinor();
    }
    Recording known = recording(keyed, "known", 100);
    recordAlone(known, roomy);
    long monthlyRowsBefore = rowsOf(monthly);

    long first = dailyMinor * 4 / 10;
    long second = dailyMinor / 2;
    long fits = dailyMinor - first - second;
    List<Row> rows = List.of(
        new Row(recording(payer, "a", first), "recorded"),
        new Row(recording(payer, "b", second), "recorded"),
        new Row(recording(payer, "c", fits + 1), PaymentResultCode.DAILY_LIMIT_EXCEEDED.name()),
        // The refusal took nothing: exactly what is left still fits.
        new Row(recording(payer, "d", fits), "recorded"),
        new Row(recording(payer, "e", 1), PaymentResultCode.VELOCITY_LIMIT.name()),
        new Row(recording(monthly, "f", dailyMinor / 2 + 1),
            PaymentResultCode.MONTHLY_LIMIT_EXCEEDED.name()),
        new Row(recording(keyed, "known", 200), "duplicate"),
        new Row(recording(keyed, "twice", 300), "recorded"),
        new Row(recording(keyed, "twice", 400), "duplicate"));

    Recorder recorder = recorder(strict);
    List<Recording.Outcome> outcomes;
    try {
      outcomes = recorder.writeNow(rows.stream().map(Row::recording).toList());
    } finally {
      recorder.stop();
    }

    for (int i = 0; i < rows.size(); i++) {
      Row row = rows.get(i);
      assertThat(name(outcomes.get(i))).as(row.recording().key()).isEqualTo(row.expected());
      assertThat(exists(row.recording().id())).as(row.recording().key())
          .isEqualTo(outcomes.get(i) instanceof Recording.Recorded);
    }
    Map<String, Object> daily = refusal(outcomes.get(2)).properties();
    Map<String, Object> expected = new LinkedHashMap<>();
    expected.put("period", "daily");
    expected.put("limit", new Money(dailyMinor, USD).toString());
    expected.put("remaining", new Money(fits, USD).toString());
    expected.put("resetsAt", startOfToday().plus(1, ChronoUnit.DAYS).toString());
    assertThat(daily).isEqualTo(expected);
    assertThat(refusal(outcomes.get(4)).properties())
        .isEqualTo(Map.of("retryAfterSeconds", defaults.velocityWindow().toSeconds()));
    assertThat(refusal(outcomes.get(5)).properties()).containsEntry("period", "monthly")
        .containsEntry("remaining", new Money(monthlyMinor - earlierMinor, USD).toString());
    assertThat(rowsOf(monthly)).as("a refusal writes nothing").isEqualTo(monthlyRowsBefore);
    assertThat(usedToday(payer)).isEqualTo(dailyMinor);
    assertThat(jdbc.sql("""
        select count(*) from payments.transaction_steps s join payments.transactions t
            on t.id = s.transaction_id
         where t.user_id = :user and s.seq = 1 and s.step = 'created' and s.at = t.created_at
        """).param("user", payer.userId()).query(Long.class).single()).isEqualTo(3);
  }

  @Test
  void racingPaymentsOnTwoRecordersNeverPassTheDailyLimitByACent() throws Exception {
    CurrentUser payer = payer();
    long each = 300;
    int racers = (int) (dailyMinor / each) + 25;
    List<Future<Recording.Outcome>> outcomes = race(racers,
        i -> recording(payer, "race-" + i, each));

    int recorded = 0;
    for (Future<Recording.Outcome> outcome : outcomes) {
      switch (outcome.get()) {
        case Recording.Recorded r -> recorded++;
        case Recording.Refused r -> assertThat(r.refusal().resultCode())
            .isEqualTo(PaymentResultCode.DAILY_LIMIT_EXCEEDED);
        case Recording.Duplicate d -> throw new AssertionError("no key was sent twice");
      }
    }
    assertThat(recorded).isEqualTo((int) (dailyMinor / each));
    assertThat(usedToday(payer)).isEqualTo(recorded * each).isLessThanOrEqualTo(dailyMinor);
  }

  @Test
  void oneKeySentManyTimesAtOnceIsRecordedOnce() throws Exception {
    CurrentUser payer = payer();
    List<Future<Recording.Outcome>> outcomes = race(20, i -> recording(payer, "same", 100 + i));

    int recorded = 0;
    for (Future<Recording.Outcome> outcome : outcomes) {
      Recording.Outcome o = outcome.get();
      assertThat(o).isNotInstanceOf(Recording.Refused.class);
      recorded += o instanceof Recording.Recorded ? 1 : 0;
    }
    assertThat(recorded).isEqualTo(1);
    assertThat(rowsOf(payer)).isEqualTo(1);
  }

  /** Payments started at once, alternating between the two recorders. */
  private List<Future<Recording.Outcome>> race(int n,
      java.util.function.IntFunction<Recording> payment) throws Exception {
    CountDownLatch start = new CountDownLatch(1);
    List<Future<Recording.Outcome>> outcomes = new ArrayList<>();
    try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
      for (int i = 0; i < n; i++) {
        Recorder recorder = i % 2 == 0 ? one : other;
        Recording r = payment.apply(i);
        outcomes.add(pool.submit(() -> {
          start.await();
          return recorder.record(r);
        }));
      }
      start.countDown();
    }
    return outcomes;
  }

  private record Row(Recording recording, String expected) {
  }

  private static String name(Recording.Outcome outcome) {
    return switch (outcome) {
      case Recording.Recorded r -> "recorded";
      case Recording.Duplicate d -> "duplicate";
      case Recording.Refused r -> r.refusal().resultCode().name();
      case null -> "none";
    };
  }

  private static PaymentRefused refusal(Recording.Outcome outcome) {
    return ((Recording.Refused) outcome).refusal();
  }

  private void recordAlone(Recording r, Checks checks) {
    Recorder recorder = recorder(checks);
    try {
      assertThat(recorder.record(r)).isInstanceOf(Recording.Recorded.class);
    } finally {
      recorder.stop();
    }
  }

  private static CurrentUser payer() {
    UUID id = UUID.randomUUID();
    return new CurrentUser(id, id + "@example.com", "Payer", Role.CUSTOMER, "en", false, null,
        "US");
  }

  private static Recording recording(CurrentUser payer, String key, long amountMinor) {
    IdentityApi.Contact friend = new IdentityApi.Contact(UUID.randomUUID(), "friend@example.com",
        "Friend", "en", true, null);
    PaymentPlan plan = new PaymentPlan("p2p", true, amountMinor, USD, 0, null, null, null, null,
        null, null, friend, null, "Friend", null, null, amountMinor);
    return new Recording(payer, key, "hash-" + key + "-" + amountMinor, plan,
        new RiskCheck.Assessment(List.of(), RiskCheck.Action.NONE), UUID.randomUUID());
  }

  private java.time.Instant startOfToday() {
    return LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC).atStartOfDay(ZoneOffset.UTC)
        .toInstant();
  }

  private boolean exists(UUID id) {
    return jdbc.sql("select exists (select 1 from payments.transactions where id = :id)")
        .param("id", id).query(Boolean.class).single();
  }

  private long rowsOf(CurrentUser user) {
    return jdbc.sql("select count(*) from payments.transactions where user_id = :user")
        .param("user", user.userId()).query(Long.class).single();
  }

  private long usedToday(CurrentUser user) {
    return jdbc.sql("""
        select coalesce(sum(limit_amount_minor), 0) from payments.transactions
         where user_id = :user and created_at >= :day
        """).param("user", user.userId()).param("day", TransactionStore.ts(startOfToday()))
        .query(Long.class).single();
  }
}
