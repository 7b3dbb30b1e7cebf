package org.okpay.merchants.internal.checkout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Currency;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.okpay.OkPayTest;
import org.okpay.TestUsers.TestUser;
import org.okpay.TestUsers;
import org.okpay.ledger.Account;
import org.okpay.ledger.LedgerApi;
import org.okpay.ledger.OwnerType;
import org.okpay.merchants.CheckoutApi.MerchantPayment;
import org.okpay.merchants.CheckoutApi.NewSession;
import org.okpay.merchants.CheckoutApi.Paid;
import org.okpay.merchants.CheckoutApi.Session;
import org.okpay.merchants.CheckoutApi;
import org.okpay.merchants.MerchantCategory;
import org.okpay.merchants.MerchantEvent;
import org.okpay.merchants.ReputationApi;
import org.okpay.merchants.TestMerchants;
import org.okpay.notify.InAppTemplate;
import org.okpay.notify.NotifyApi;
import org.okpay.payments.FxApi;
import org.okpay.payments.PaymentsApi;
import org.okpay.payments.TransactionState;
import org.okpay.shared.ErrorCode;
import org.okpay.shared.OkPayException;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.PayloadApplicationEvent;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.event.ApplicationEvents;
import org.springframework.test.context.event.RecordApplicationEvents;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A payer pays checkout sessions through the payments engine (real PostgreSQL, the real
 * ledger): the amount to the merchant and the merchant fee to OKPay in one linked call, from
 * another currency at a quote, once per session whoever races for it, and sessions expire.
 */
@OkPayTest
@RecordApplicationEvents
class CheckoutPaymentTest {

  static final Currency USD = Currency.getInstance("USD");
  static final Currency EUR = Currency.getInstance("EUR");

  @Autowired TestUsers users;
  @Autowired TestMerchants merchants;
  @Autowired CheckoutApi checkout;
  @Autowired CheckoutService service;
  @Autowired PaymentsApi payments;
  @Autowired LedgerApi ledger;
  @Autowired JdbcClient jdbc;
  @Autowired ApplicationEvents events;
  @Autowired ConfigurableApplicationContext context;
  /** Merchant events from any thread, while each test runs. */
  private final List<MerchantEvent> published = new CopyOnWriteArrayList<>();
  private final ApplicationListener<ApplicationEvent> recorder = event -> {
    if (event instanceof PayloadApplicationEvent<?> p && p.getPayload() instanceof MerchantEvent e) {
      published.add(e);
    }
  };

  @BeforeEach
  void recordMerchantEvents() {
    context.addApplicationListener(recorder);
  }

  @AfterEach
  void stopRecording() {
    context.removeApplicationListener(recorder);
  }
  @Autowired NotifyApi notify;
  @Autowired CheckoutSessionStore sessionStore;
  @Autowired MerchantPaymentStore paymentStore;
  @Autowired CheckoutMerchants checkoutMerchants;
  @Autowired MerchantFees merchantFees;
  @Autowired CheckoutCompletion completion;
  @Autowired FxApi fx;
  @Autowired PlatformTransactionManager transactions;
  @Autowired CheckoutProperties properties;
  @Autowired Clock clock;
  @Autowired ReputationApi reputation;

  @Test
  void thePayerPaysAndTheMerchantGetsTheAmountLessTheFeeInOneLinkedCall() {
    TestMerchants.Created shop = merchants.merchant().category(MerchantCategory.RETAIL).create();
    UUID merchant = shop.merchantId();
    TestUser payer = users.user().funded(10_000).create();
    long feesBefore = fees(USD);
    Session s = create(merchant, "order-1", 2_000, null);
    // Retail: 2.9 % of 20.00 = 0.58, plus 0.30.
    assertThat(s.feeMinor()).isEqualTo(88);

    Paid paid = checkout.pay(payer.current(), s.id(), null, null, null);

    assertThat(paid.transaction().state()).isEqualTo(TransactionState.COMPLETED);
    assertThat(paid.transaction().operationKey()).isEqualTo("merchant_payment");
    assertThat(paid.session().status()).isEqualTo("complete");
    assertThat(balance(payer, USD)).isEqualTo(8_000);
    assertThat(merchantBalance(merchant, USD)).isEqualTo(1_912);
    assertThat(fees(USD) - feesBefore).isEqualTo(88);
    MerchantPayment p = checkout.payment(merchant, paid.session().paymentId()).orElseThrow();
    assertThat(p.amountMinor()).isEqualTo(2_000);
    assertThat(p.feeMinor()).isEqualTo(88);
    assertThat(p.netMinor()).isEqualTo(1_912);
    assertThat(p.refundedMinor()).isZero();
    assertThat(p.refundableMinor()).isEqualTo(2_000);
    assertThat(p.transactionId()).isEqualTo(paid.transaction().id());
    // Both legs are the transaction's, written together.
    assertThat(ledger.findTransfer(legId(
        paid.transaction().id(), "pay"))).isPresent();
    assertThat(ledger.findTransfer(legId(
        paid.transaction().id(), "merchant-fee"))).isPresent();
    // Published by the payments Completer's thread (group commit), inside its transaction, so
    // before pay() returned; ApplicationEvents records only the test thread's events.
    assertThat(published.stream().filter(e -> e.merchantId().equals(merchant))
        .map(MerchantEvent::type))
        .containsExactlyInAnyOrder("payment.succeeded", "checkout.session.completed");
    // The payer sees it in the history, with the merchant's name.
    assertThat(payments.history(payer.id(), PaymentsApi.HistoryFilter.none(), null, 10)
        .transactions()).anySatisfy(t -> {
          assertThat(t.id()).isEqualTo(paid.transaction().id());
          assertThat(t.counterparty()).isEqualTo("Test Shop");
        });
    // Both are told: the payer that the money arrived, the merchant's owner that it came in.
    await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
      assertThat(notify.notifications(payer.id().toString(), 10)).anySatisfy(n ->
          assertThat(n.template()).isEqualTo(InAppTemplate.MONEY_ARRIVED));
      assertThat(notify.notifications(shop.owner().id().toString(), 10)).anySatisfy(n -> {
        assertThat(n.template()).isEqualTo(InAppTemplate.MONEY_RECEIVED);
        assertThat(n.link()).isEqualTo("/merchant/" + merchant + "/payments");
      });
    });
    // Paying again is the same payment.
    Paid again = checkout.pay(payer.current(), s.id(), null, null, null);
    assertThat(again.replayed()).isTrue();
    assertThat(again.transaction().id()).isEqualTo(paid.transaction().id());
    assertThat(balance(payer, USD)).isEqualTo(8_000);
    assertThat(ledger.checkInvariants().holds()).isTrue();
  }

  @Test
  void aPayerPaysFromAnotherCurrencyAtTheQuoteShownFirst() {
    UUID merchant = merchant(MerchantCategory.DIGITAL_GOODS);
    TestUser payer = users.user().currency("EUR").funded(50_000).create();
    Session s = create(merchant, "order-fx", 5_000, null);

    FxApi.Quote quote = checkout.quote(payer.current(), s.id(), EUR);
    assertThat(quote.targetAmountMinor()).isBetween(5_000L, 5_001L);
    assertThat(quote.target()).isEqualTo(USD);
    Paid paid = checkout.pay(payer.current(), s.id(), EUR, quote.id(), null);

    assertThat(paid.transaction().state()).isEqualTo(TransactionState.COMPLETED);
    assertThat(paid.transaction().targetAmount().amountMinor()).isEqualTo(5_000);
    assertThat(balance(payer, EUR)).isEqualTo(50_000 - quote.totalDebitMinor());
    // Digital goods: 3.4 % of 50.00 = 1.70, plus 0.30.
    assertThat(merchantBalance(merchant, USD)).isEqualTo(5_000 - 200);
    assertThat(ledger.checkInvariants().holds()).isTrue();
  }

  @Test
  void aPaymentFromAnotherCurrencyNeedsTheQuote() {
    UUID merchant = merchant(MerchantCategory.RETAIL);
    TestUser payer = users.user().currency("EUR").funded(50_000).create();
    Session s = create(merchant, "order-noquote", 5_000, null);

    assertThatThrownBy(() -> checkout.pay(payer.current(), s.id(), EUR, null, null))
        .isInstanceOf(OkPayException.class)
        .extracting(e -> ((OkPayException) e).errorCode())
        .isEqualTo(ErrorCode.VALIDATION_FAILED);
    // Nothing was taken: the session is open for the next try.
    assertThat(checkout.session(merchant, s.id()).orElseThrow().status()).isEqualTo("open");
    assertThat(balance(payer, EUR)).isEqualTo(50_000);
  }

  @Test
  void anOpenSessionExpiresAtItsTimeAndCannotBePaidAfter() {
    UUID merchant = merchant(MerchantCategory.RETAIL);
    TestUser payer = users.user().funded(10_000).create();
    Session s = create(merchant, "order-exp", 1_000, 30);
    Instant created = s.createdAt();

    service.expireDue(created.plus(Duration.ofMinutes(29)));
    assertThat(checkout.session(merchant, s.id()).orElseThrow().status()).isEqualTo("open");

    assertThat(service.expireDue(created.plus(Duration.ofMinutes(31)))).isPositive();
    assertThat(checkout.session(merchant, s.id()).orElseThrow().status()).isEqualTo("expired");
    assertThat(events.stream(MerchantEvent.class)
        .filter(e -> e.objectId().equals(s.id())).map(MerchantEvent::type))
        .containsExactly("checkout.session.expired");
    assertThatThrownBy(() -> checkout.pay(payer.current(), s.id(), null, null, null))
        .isInstanceOf(OkPayException.class)
        .extracting(e -> ((OkPayException) e).errorCode())
        .isEqualTo(ErrorCode.CHECKOUT_SESSION_NOT_OPEN);
    assertThat(balance(payer, USD)).isEqualTo(10_000);
  }

  @Test
  void twoPayersRacingForOneSessionPayItExactlyOnce() throws Exception {
    UUID merchant = merchant(MerchantCategory.RETAIL);
    Session s = create(merchant, "order-race", 3_000, null);
    List<TestUser> payers = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      payers.add(users.user().funded(10_000).create());
    }
    List<String> outcomes = race(payers, s.id());

    assertThat(outcomes).filteredOn("paid"::equals).hasSize(1);
    assertThat(outcomes).filteredOn(o -> !o.equals("paid")).allMatch(o ->
        o.equals(ErrorCode.CHECKOUT_SESSION_IN_PROGRESS.code())
            || o.equals(ErrorCode.CHECKOUT_SESSION_NOT_OPEN.code()));
    long taken = payers.stream().mapToLong(p -> 10_000 - balance(p, USD)).sum();
    assertThat(taken).isEqualTo(3_000);
    assertThat(jdbc.sql("select count(*) from merchants.payments where checkout_session_id = :s")
        .param("s", s.id()).query(Long.class).single()).isEqualTo(1);
    assertThat(merchantBalance(merchant, USD)).isEqualTo(3_000 - 117);
    assertThat(ledger.checkInvariants().holds()).isTrue();
  }

  /**
   * bench/cluster.sh found a payer charged twice for one session: the first attempt was recorded
   * and its money moved, then the request failed (no database connection in time on an
   * overloaded instance) and the session was given back, so the client's retry started a second
   * attempt under a new engine key. An error whose outcome is unknown now keeps the claim: the
   * retry is the same attempt, which the engine's idempotency key replays instead of paying again
   * (here the first attempt's answer is lost before the engine was reached, so the retry pays).
   */
  @Test
  void anErrorWithAnUnknownOutcomeKeepsTheClaimSoTheRetryIsTheSameAttempt() {
    UUID merchant = merchant(MerchantCategory.RETAIL);
    Session s = create(merchant, "order-lost", 2_000, null);
    TestUser payer = users.user().funded(10_000).create();
    TestUser other = users.user().funded(10_000).create();
    PaymentsApi answerLost = (PaymentsApi) Proxy.newProxyInstance(
        PaymentsApi.class.getClassLoader(), new Class<?>[] {PaymentsApi.class},
        (proxy, method, args) -> {
          if (method.getName().equals("execute")) {
            throw new CannotGetJdbcConnectionException("no connection in time (test)");
          }
          try {
            return method.invoke(payments, args);
          } catch (InvocationTargetException e) {
            throw e.getCause();
          }
        });
    CheckoutService lossy = new CheckoutService(sessionStore, paymentStore, checkoutMerchants,
        merchantFees, completion, answerLost, fx, new TransactionTemplate(transactions),
        properties, clock, "", reputation);

    assertThatThrownBy(() -> lossy.pay(payer.current(), s.id(), null, null, null))
        .isInstanceOf(CannotGetJdbcConnectionException.class);
    assertThatThrownBy(() -> checkout.pay(other.current(), s.id(), null, null, null))
        .isInstanceOfSatisfying(OkPayException.class, e -> assertThat(e.errorCode())
            .isEqualTo(ErrorCode.CHECKOUT_SESSION_IN_PROGRESS));
    Paid retried = checkout.pay(payer.current(), s.id(), null, null, null);

    assertThat(retried.transaction().state()).isEqualTo(TransactionState.COMPLETED);
    assertThat(jdbc.sql("select idempotency_key from payments.transactions where id = :id")
        .param("id", retried.transaction().id()).query(String.class).single())
        .isEqualTo(MerchantPaymentType.engineKey(s.id(), 1));
    assertThat(balance(payer, USD)).isEqualTo(8_000);
    assertThat(balance(other, USD)).isEqualTo(10_000);
    assertThat(ledger.checkInvariants().holds()).isTrue();
  }

  @Test
  void theSamePayerInTwoTabsPaysOnce() throws Exception {
    UUID merchant = merchant(MerchantCategory.RETAIL);
    Session s = create(merchant, "order-tabs", 3_000, null);
    TestUser payer = users.user().funded(10_000).create();

    List<String> outcomes = race(List.of(payer, payer, payer), s.id());

    assertThat(outcomes).contains("paid");
    assertThat(balance(payer, USD)).isEqualTo(7_000);
    assertThat(checkout.session(merchant, s.id()).orElseThrow().status()).isEqualTo("complete");
  }

  @Test
  void aMerchantSeesOnlyItsOwnSessionsAndPayments() {
    UUID m1 = merchant(MerchantCategory.RETAIL);
    UUID m2 = merchant(MerchantCategory.RETAIL);
    TestUser payer = users.user().funded(10_000).create();
    Session s2 = create(m2, "order-m2", 1_000, null);
    Paid paid = checkout.pay(payer.current(), s2.id(), null, null, null);

    assertThat(checkout.session(m1, s2.id())).isEmpty();
    assertThat(checkout.payment(m1, paid.session().paymentId())).isEmpty();
    assertThat(checkout.sessions(m1, null, 100).sessions()).isEmpty();
    assertThat(checkout.payments(m1, null, null, 100).payments()).isEmpty();
    assertThatThrownBy(() -> checkout.expire(m1, s2.id()))
        .extracting(e -> ((OkPayException) e).errorCode())
        .isEqualTo(ErrorCode.CHECKOUT_SESSION_NOT_FOUND);
    assertThat(checkout.payments(m2, "order-m2", null, 100).payments()).hasSize(1);
  }

  @Test
  void aSessionIsCreatedOncePerIdempotencyKey() {
    UUID merchant = merchant(MerchantCategory.RETAIL);
    NewSession body = new NewSession(1_500L, "USD", "Mug", "o-7",
        "https://shop.example/ok?s={CHECKOUT_SESSION_ID}", "https://shop.example/cancel", null);
    CheckoutApi.Created first = checkout.create(merchant, "key-1", body);
    CheckoutApi.Created again = checkout.create(merchant, "key-1", body);

    assertThat(first.replayed()).isFalse();
    assertThat(again.replayed()).isTrue();
    assertThat(again.session().id()).isEqualTo(first.session().id());
    assertThat(first.session().expiresAt())
        .isEqualTo(first.session().createdAt().plus(Duration.ofHours(24)));
    assertThatThrownBy(() -> checkout.create(merchant, "key-1", new NewSession(1_600L, "USD",
        "Mug", "o-7", null, null, null)))
        .extracting(e -> ((OkPayException) e).errorCode())
        .isEqualTo(ErrorCode.IDEMPOTENCY_KEY_REUSED);
    assertThatThrownBy(() -> checkout.create(merchant, "key-2", new NewSession(1_600L, "USD",
        null, null, "ftp://x", null, 20)))
        .extracting(e -> ((OkPayException) e).errorCode())
        .isEqualTo(ErrorCode.VALIDATION_FAILED);
  }

  private List<String> race(List<TestUser> payers, UUID sessionId) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(payers.size());
    CountDownLatch start = new CountDownLatch(1);
    List<Future<String>> futures = new ArrayList<>();
    for (TestUser p : payers) {
      futures.add(pool.submit(() -> {
        start.await();
        try {
          checkout.pay(p.current(), sessionId, null, null, null);
          return "paid";
        } catch (OkPayException e) {
          return e.errorCode().code();
        }
      }));
    }
    start.countDown();
    List<String> outcomes = Collections.synchronizedList(new ArrayList<>());
    for (Future<String> f : futures) {
      outcomes.add(f.get(60, TimeUnit.SECONDS));
    }
    pool.shutdown();
    return outcomes;
  }

  private UUID merchant(MerchantCategory category) {
    return merchants.merchant().category(category).settlement("USD").create().merchantId();
  }

  private Session create(UUID merchant, String reference, long amountMinor, Integer minutes) {
    return checkout.create(merchant, UUID.randomUUID().toString(), new NewSession(amountMinor,
        "USD", "Test order", reference, null, null, minutes)).session();
  }

  /** The ledger id of a transaction's leg, as payments derives it. */
  private static UUID legId(UUID transactionId, String leg) {
    return UUID.nameUUIDFromBytes(("okpay:" + transactionId + ":" + leg)
        .getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }

  private long balance(TestUser user, Currency currency) {
    return payments.balances(user.id()).stream().filter(b -> b.currency().equals(currency))
        .mapToLong(b -> b.balance().amountMinor()).sum();
  }

  private long merchantBalance(UUID merchant, Currency currency) {
    return ledger.accountsOf(OwnerType.MERCHANT, merchant.toString()).stream()
        .filter(a -> a.currency().equals(currency)).mapToLong(Account::balanceMinor).sum();
  }

  private long fees(Currency currency) {
    return ledger.accountsOf(OwnerType.SYSTEM, "okpay").stream()
        .filter(a -> a.kind().equals("fees") && a.currency().equals(currency))
        .mapToLong(Account::balanceMinor).sum();
  }
}
