package org.okpay.payments.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.okpay.payments.PaymentResultCode.*;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.okpay.OkPayTest;
import org.okpay.TestUsers;
import org.okpay.TotpTestCodes;
import org.okpay.identity.CurrentUser;
import org.okpay.identity.IdentityApi;
import org.okpay.identity.Role;
import org.okpay.identity.TwoFactorApi;
import org.okpay.payments.FxApi;
import org.okpay.payments.MoneyFixture.User;
import org.okpay.payments.MoneyFixture;
import org.okpay.payments.Operation;
import org.okpay.payments.PaymentRail.BankAccountDetails;
import org.okpay.payments.PaymentRail;
import org.okpay.payments.PaymentRequest;
import org.okpay.payments.PaymentResultCode;
import org.okpay.payments.PaymentsApi;
import org.okpay.payments.PricingApi;
import org.okpay.shared.OkPayException;
import org.okpay.status.StatusApi;
import org.okpay.status.StatusComponent;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * Walks every {@link PaymentResultCode} in the order the guards run, through the real engine and
 * database. Most rows break a later guard as well (no money and a limit too, say), so the row
 * shows which guard comes first; after each refusal nothing changed: balances, transactions and
 * their steps, limit usage, quotes. The preview answers the same for the guards it runs.
 *
 * <p>The engine here is built with a velocity limit of {@value #VELOCITY_MAX} (the shared test
 * configuration sets it high) and, on the first day of a month, a clock one day ahead, so that
 * "earlier this month" exists for the monthly limit. Users are seen as unverified by the guards
 * (their {@link CurrentUser}), so the low limits apply.
 */
@OkPayTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PaymentGuardsTest {

  static final int VELOCITY_MAX = 3;
  static final Currency USD = Currency.getInstance("USD");

  @LocalServerPort int port;
  @Autowired JsonMapper json;
  @Autowired TestUsers users;
  @Autowired JdbcClient jdbc;
  @Autowired IdentityApi identity;
  @Autowired TwoFactorApi twoFactor;
  @Autowired StatusApi status;
  @Autowired PricingApi pricing;
  @Autowired FxApi fx;
  @Autowired PaymentRail rail;
  @Autowired PaymentsProperties defaults;
  @Autowired OperationTypes types;
  @Autowired RiskCheck risk;
  @Autowired KnownRecipients known;
  @Autowired LedgerAccounts accounts;
  @Autowired LimitUsage usage;
  @Autowired Quotes quotes;
  @Autowired TransactionStore store;
  @Autowired Mover mover;
  @Autowired Views views;
  @Autowired History history;
  @Autowired Statements statements;
  @Autowired RailHealth health;
  @Autowired TransactionTemplate tx;
  @Autowired Clock appClock;
  @Autowired RecordStore recordStore;
  @Autowired GroupCommitProperties groupCommit;
  @Autowired Settler settler;

  private MoneyFixture money;
  private Clock clock;
  private PaymentsApi engine;
  private Recorder recorder;
  private Person recipient;
  private long dailyMinor;

  /** A real user, and how the guards see them. */
  record Person(User user, CurrentUser current) {
    UUID id() {
      return current.userId();
    }
  }

  /** One attempt: who asks, with which key and request; a null key means a preview-only row. */
  record Attempt(Person payer, String key, PaymentRequest request, String secondFactorCode,
      Runnable after) {
  }

  @BeforeAll
  void setUp() throws Exception {
    money = new MoneyFixture(port, json, users);
    boolean firstOfMonth = LocalDate.ofInstant(appClock.instant(), ZoneOffset.UTC)
        .getDayOfMonth() == 1;
    clock = firstOfMonth ? Clock.offset(appClock, Duration.ofDays(1)) : appClock;
    PaymentsProperties properties = new PaymentsProperties(VELOCITY_MAX,
        defaults.velocityWindow(), defaults.largeAmountFactor(), defaults.largeAmountFloorMinor(),
        defaults.newDeviceWindow(), defaults.reconcileInterval(), defaults.reconcileBatchMax(),
        defaults.staleAfter(), defaults.returnWatch());
    Checks checks = new Checks(identity, accounts, usage, types, properties, clock);
    Guards guards = new Guards(types, checks, risk, twoFactor, status, identity, properties);
    // This test's limits and clock reach the recorded path too: a recorder of its own.
    recorder = new Recorder(recordStore, checks, settler, known, groupCommit, tx, jdbc, clock,
        new SimpleMeterRegistry());
    recorder.start();
    engine = new PaymentsService(guards, checks, usage, quotes, store, mover, views, history,
        statements, accounts, new KeyLocks(), recorder, settler, status, health, rail, tx, clock);
    recipient = person(0);
    dailyMinor = pricing.limit(Operation.P2P, false).dailyMinor();
  }

  @AfterAll
  void stopRecorder() {
    recorder.stop();
  }

  /** One row per result code, in the order the guards run. */
  Stream<Arguments> rows() {
    List<Arguments> rows = new ArrayList<>();
    row(rows, IDEMPOTENCY_KEY_MISSING, () -> attempt(person(0), null, send(dailyMinor * 3)));
    row(rows, IDEMPOTENCY_KEY_INVALID, () -> attempt(person(0), "has space",
        send(dailyMinor * 3)));
    row(rows, IDEMPOTENCY_KEY_REUSED, () -> {
      Person payer = person(5_000);
      String key = paid(payer, 1_000);
      return attempt(payer, key, send(1_001));
    });
    row(rows, REPLAYED, () -> {
      Person payer = person(5_000);
      String key = paid(payer, 1_000);
      return attempt(payer, key, send(1_000));
    });
    row(rows, OPERATION_UNAVAILABLE, () -> {
      Instant now = Instant.now();
      StatusApi.Maintenance window = status.scheduleMaintenance("P2P upgrade",
          Set.of(StatusComponent.P2P_PAYMENTS), now.minusSeconds(60), now.plusSeconds(3600));
      return new Attempt(person(0), key(), new PaymentRequest.Send("nobody@example.com",
          dailyMinor * 3, USD, null), null, () -> jdbc.sql(
              "delete from status.maintenance_windows where id = :id")
          .param("id", window.id()).update());
    });
    row(rows, REQUEST_INVALID, () -> {
      Person payer = person(0);
      FxApi.Quote quote = fx.quote(payer.id(), Operation.CROSS_BORDER, USD,
          Currency.getInstance("EUR"), 1_000, 0);
      return attempt(payer, key(), new PaymentRequest.CrossBorder(quote.id(),
          new BankAccountDetails("", "", "", "DE", Currency.getInstance("EUR"))));
    });
    row(rows, ACCOUNT_FROZEN, () -> {
      Person payer = person(0);
      assertThat(money.send("POST", "/api/v1/me/compromised", null, payer.user().token(), null)
          .statusCode()).isBetween(200, 299);
      // The wallet follows identity's flag just after its commit; snapshot once it has.
      await().atMost(Duration.ofSeconds(10)).until(() -> engine.balances(payer.id()).stream()
          .allMatch(PaymentsApi.Balance::frozen));
      return attempt(payer, key(), send(dailyMinor * 3));
    });
    row(rows, INSUFFICIENT_FUNDS, () -> attempt(person(1_000), key(), send(dailyMinor * 3)));
    row(rows, VELOCITY_LIMIT, () -> {
      Person payer = person(dailyMinor * 2);
      for (int i = 0; i < VELOCITY_MAX && recent(payer) < VELOCITY_MAX; i++) {
        paid(payer, 100);
      }
      return attempt(payer, key(), send(dailyMinor + 1));
    });
    row(rows, DAILY_LIMIT_EXCEEDED, () -> {
      // Two-factor on and a new recipient: before, this asked for a code and then refused.
      Person payer = withTwoFactor(person(dailyMinor * 2));
      return attempt(payer, key(), send(dailyMinor + 1));
    });
    row(rows, MONTHLY_LIMIT_EXCEEDED, () -> {
      Person payer = person(dailyMinor * 2);
      long monthly = pricing.limit(Operation.P2P, false).monthlyMinor();
      usedEarlierThisMonth(payer, monthly - dailyMinor / 2);
      return attempt(payer, key(), send(dailyMinor));
    });
    row(rows, SECOND_FACTOR_REFUSED, () -> attempt(withTwoFactor(person(5_000)), key(),
        send(1_000)));
    row(rows, OK, () -> attempt(person(5_000), key(), send(1_000)));
    return rows.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rows")
  void guardReturnsItsCode(PaymentResultCode expected, ThrowingSupplier<Attempt> setUp)
      throws Exception {
    Attempt attempt = setUp.get();
    try {
      Snapshot before = snapshot(attempt.payer());
      PaymentResultCode preview = previewResult(attempt);

      PaymentResultCode result = executeResult(attempt);

      assertThat(result).isEqualTo(expected);
      if (expected.ordinal() >= OPERATION_UNAVAILABLE.ordinal()
          && expected.ordinal() < SECOND_FACTOR_REFUSED.ordinal()) {
        assertThat(preview).as("the preview runs the same guards in the same order")
            .isEqualTo(expected);
      }
      if (expected == OK) {
        assertThat(snapshot(attempt.payer()).transactions()).isEqualTo(before.transactions() + 1);
      } else {
        assertThat(snapshot(attempt.payer())).as("a refused or replayed request changes nothing")
            .isEqualTo(before);
      }
    } finally {
      if (attempt.after() != null) {
        attempt.after().run();
      }
    }
  }

  @Test
  void theTableCoversEveryCodeInGuardOrder() {
    List<PaymentResultCode> covered = rows().map(a -> (PaymentResultCode) a.get()[0]).toList();
    List<PaymentResultCode> expected = new ArrayList<>(List.of(PaymentResultCode.values()));
    expected.remove(OK);
    expected.add(OK);
    assertThat(covered).containsExactlyElementsOf(expected);
  }

  private PaymentResultCode executeResult(Attempt attempt) {
    try {
      PaymentsApi.Executed executed = engine.execute(attempt.payer().current(), attempt.key(),
          attempt.request(), attempt.secondFactorCode());
      return executed.replayed() ? REPLAYED : OK;
    } catch (PaymentRefused refused) {
      return refused.resultCode();
    } catch (OkPayException other) {
      throw new AssertionError("a refusal that names no guard: " + other.errorCode(), other);
    }
  }

  private PaymentResultCode previewResult(Attempt attempt) {
    try {
      engine.preview(attempt.payer().current(), attempt.request());
      return OK;
    } catch (PaymentRefused refused) {
      return refused.resultCode();
    }
  }

  /** What a refused request must leave as it was. */
  record Snapshot(List<PaymentsApi.Balance> payerBalances, List<PaymentsApi.Balance> recipient,
      int transactions, int steps, LimitUsage.Usage usage, int quotesUsed) {
  }

  private Snapshot snapshot(Person payer) {
    Instant now = clock.instant();
    return new Snapshot(engine.balances(payer.id()), engine.balances(recipient.id()),
        jdbc.sql("""
            select count(*) from payments.transactions
             where user_id = :user or counterparty_user_id = :user
            """).param("user", payer.id()).query(Integer.class).single(),
        jdbc.sql("""
            select count(*) from payments.transaction_steps s
              join payments.transactions t on t.id = s.transaction_id where t.user_id = :user
            """).param("user", payer.id()).query(Integer.class).single(),
        usage.usage(payer.id(), Operation.P2P.key(), now.minus(defaults.velocityWindow()),
            now.minus(Duration.ofDays(1)), now.minus(Duration.ofDays(31))),
        jdbc.sql("select count(*) from payments.fx_quotes where user_id = :user"
            + " and used_at is not null").param("user", payer.id()).query(Integer.class)
            .single());
  }

  private void row(List<Arguments> rows, PaymentResultCode code, ThrowingSupplier<Attempt> s) {
    rows.add(Arguments.of(code, s));
  }

  @FunctionalInterface
  interface ThrowingSupplier<T> {
    T get() throws Exception;
  }

  private Attempt attempt(Person payer, String key, PaymentRequest request) {
    return new Attempt(payer, key, request, null, null);
  }

  private PaymentRequest.Send send(long amountMinor) {
    return new PaymentRequest.Send(recipient.user().email(), amountMinor, USD, null);
  }

  private static String key() {
    return UUID.randomUUID().toString();
  }

  /** A payment that went through; returns its key. */
  private String paid(Person payer, long amountMinor) {
    String key = key();
    PaymentsApi.Executed done = engine.execute(payer.current(), key, send(amountMinor), null);
    assertThat(done.replayed()).isFalse();
    return key;
  }

  private int recent(Person payer) {
    Instant now = clock.instant();
    return usage.usage(payer.id(), Operation.P2P.key(), now.minus(defaults.velocityWindow()),
        now, now).recent();
  }

  /** A user with this much USD, seen by the guards as unverified. */
  private Person person(long fundedMinor) throws Exception {
    TestUsers.TestUser made = users.user().funded(fundedMinor).create();
    User user = new User(made.email(), made.token());
    return new Person(user, new CurrentUser(made.id(), user.email(), "Pat", Role.CUSTOMER, "en",
        false, UUID.randomUUID(), "US"));
  }

  private Person withTwoFactor(Person person) throws Exception {
    String token = person.user().token();
    HttpResponse<String> setup = money.send("POST", "/api/v1/me/two-factor", null, token, null);
    String secret = money.read(setup).get("secret").asString();
    HttpResponse<String> confirmed = money.send("POST", "/api/v1/me/two-factor/confirm",
        Map.of("code", TotpTestCodes.code(secret, -1)), token, null);
    assertThat(confirmed.statusCode()).as(confirmed.body()).isEqualTo(200);
    return person;
  }

  /** A completed payment on the first day of the month: month's usage, not today's. */
  private void usedEarlierThisMonth(Person payer, long limitAmountMinor) {
    Instant startOfMonth = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC).withDayOfMonth(1)
        .atStartOfDay(ZoneOffset.UTC).toInstant();
    jdbc.sql("""
        insert into payments.transactions (id, user_id, operation, state, amount_minor, currency,
          fee_minor, counterparty, limit_amount_minor, idempotency_key, request_hash,
          created_at, updated_at)
        values (:id, :user, 'p2p', 'completed', :amount, 'USD', 0, 'earlier', :amount, :key,
          'v1:earlier', :at, :at)
        """).param("id", UUID.randomUUID()).param("user", payer.id())
        .param("amount", limitAmountMinor).param("key", key())
        .param("at", TransactionStore.ts(startOfMonth)).update();
  }
}
