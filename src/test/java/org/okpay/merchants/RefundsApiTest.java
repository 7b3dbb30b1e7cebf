package org.okpay.merchants;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.okpay.OkPayTest;
import org.okpay.TestUsers;
import org.okpay.TestUsers.TestUser;
import org.okpay.ledger.Account;
import org.okpay.ledger.LedgerApi;
import org.okpay.ledger.OwnerType;
import org.okpay.payments.PaymentsApi;
import org.okpay.payments.TransactionState;
import org.okpay.payments.TransactionView;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.event.ApplicationEvents;
import org.springframework.test.context.event.RecordApplicationEvents;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Refunds over real HTTP against real PostgreSQL and the real ledger: never more than the
 * payment whoever races, scopes and merchants kept apart, a retry is the same refund, and a
 * refund the merchant's balance cannot cover waits and fails after 7 days.
 */
@OkPayTest
@RecordApplicationEvents
class RefundsApiTest {

  @LocalServerPort int port;
  @Autowired JsonMapper json;
  @Autowired TestUsers users;
  @Autowired TestMerchants merchants;
  @Autowired CheckoutApi checkout;
  @Autowired RefundsApi refunds;
  @Autowired PaymentsApi payments;
  @Autowired LedgerApi ledger;
  @Autowired ApplicationEvents events;

  MerchantHttp http;

  @BeforeEach
  void setUp() {
    http = new MerchantHttp(port, json);
  }

  @Test
  void twentyConcurrentPartialRefundsNeverRefundMoreThanThePayment() throws Exception {
    TestMerchants.Created m = merchant();
    TestUser payer = users.user().funded(20_000).create();
    // Retail: 2.9 % of 100.00 plus 0.30 = 3.20; the merchant keeps 96.80.
    UUID payment = pay(m, payer, 10_000);
    long payerBefore = wallet(payer);

    int n = 20;
    ExecutorService pool = Executors.newFixedThreadPool(n);
    CountDownLatch start = new CountDownLatch(1);
    List<Future<HttpResponse<String>>> answers = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      String reference = "race-" + i;
      answers.add(pool.submit(() -> {
        start.await();
        return http.send("POST", "/api/v1/merchant/refunds", body(payment, 1_500L,
            "requested_by_customer", reference), m.secretKey());
      }));
    }
    start.countDown();
    int succeeded = 0;
    int refused = 0;
    for (Future<HttpResponse<String>> f : answers) {
      HttpResponse<String> r = f.get(60, TimeUnit.SECONDS);
      if (r.statusCode() == 201) {
        assertThat(http.read(r).get("status").asString()).isEqualTo("succeeded");
        succeeded++;
      } else {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(409);
        assertThat(http.read(r).get("code").asString()).isEqualTo("refund_exceeds_payment");
        refused++;
      }
    }
    pool.shutdown();

    // 6 × 15.00 = 90.00 fits in 100.00; a 7th would not.
    assertThat(succeeded).isEqualTo(6);
    assertThat(refused).isEqualTo(14);
    CheckoutApi.MerchantPayment p = checkout.payment(m.merchantId(), payment).orElseThrow();
    assertThat(p.refundedMinor()).isEqualTo(9_000);
    assertThat(p.refundableMinor()).isEqualTo(1_000);
    assertThat(wallet(payer) - payerBefore).isEqualTo(9_000);
    assertThat(merchantBalance(m)).isEqualTo(9_680 - 9_000);
    JsonNode list = http.read(http.get("/api/v1/merchant/refunds?paymentId=" + payment,
        m.secretKey()));
    assertThat(list.get("refunds")).hasSize(6);
    // The refunds are the payer's incoming transactions from the merchant.
    assertThat(payments.history(payer.id(), PaymentsApi.HistoryFilter.none(), null, 20)
        .transactions().stream().filter(t -> "merchant_refund".equals(t.operationKey())))
        .hasSize(6).allSatisfy(t -> {
          assertThat(t.state()).isEqualTo(TransactionState.COMPLETED);
          assertThat(t.counterparty()).isEqualTo(m.merchant().businessName());
        });
    assertThat(ledger.checkInvariants().holds()).isTrue();
  }

  @Test
  void aRetryWithTheSameReferenceIsTheSameRefundAndAnOmittedAmountIsTheRest() throws Exception {
    TestMerchants.Created m = merchant();
    TestUser payer = users.user().funded(10_000).create();
    UUID payment = pay(m, payer, 5_000);

    HttpResponse<String> first = http.send("POST", "/api/v1/merchant/refunds",
        body(payment, 1_000L, "duplicate", "ref-1"), m.secretKey());
    assertThat(first.statusCode()).as(first.body()).isEqualTo(201);
    HttpResponse<String> again = http.send("POST", "/api/v1/merchant/refunds",
        body(payment, 1_000L, "duplicate", "ref-1"), m.secretKey());
    assertThat(again.statusCode()).isEqualTo(200);
    assertThat(http.read(again).get("id").asString())
        .isEqualTo(http.read(first).get("id").asString());
    HttpResponse<String> other = http.send("POST", "/api/v1/merchant/refunds",
        body(payment, 2_000L, "duplicate", "ref-1"), m.secretKey());
    assertThat(other.statusCode()).isEqualTo(422);
    assertThat(http.read(other).get("code").asString()).isEqualTo("idempotency_key_reused");

    HttpResponse<String> rest = http.send("POST", "/api/v1/merchant/refunds",
        body(payment, null, "other", "ref-2"), m.secretKey());
    assertThat(rest.statusCode()).as(rest.body()).isEqualTo(201);
    assertThat(http.read(rest).get("amountMinor").asLong()).isEqualTo(4_000);
    CheckoutApi.MerchantPayment p = checkout.payment(m.merchantId(), payment).orElseThrow();
    assertThat(p.refundedMinor()).isEqualTo(5_000);
    assertThat(p.refundableMinor()).isZero();
    HttpResponse<String> more = http.send("POST", "/api/v1/merchant/refunds",
        body(payment, 1L, "other", "ref-3"), m.secretKey());
    assertThat(http.read(more).get("code").asString()).isEqualTo("refund_exceeds_payment");

    HttpResponse<String> bad = http.send("POST", "/api/v1/merchant/refunds",
        body(payment, 10L, "because", "ref-4"), m.secretKey());
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(bad.body()).contains("reason");
    assertThat(ledger.checkInvariants().holds()).isTrue();
  }

  @Test
  void aReadKeyCannotRefundAndNeitherMerchantReachesTheOthersRefunds() throws Exception {
    TestMerchants.Created one = merchant();
    TestMerchants.Created two = merchant();
    TestUser payer = users.user().funded(20_000).create();
    UUID paymentOne = pay(one, payer, 3_000);
    UUID paymentTwo = pay(two, payer, 3_000);
    String readOnly = merchants.key(one, Map.of(ApiResource.REFUNDS, Access.READ));

    HttpResponse<String> refused = http.send("POST", "/api/v1/merchant/refunds",
        body(paymentOne, 500L, "other", "ro-1"), readOnly);
    assertThat(refused.statusCode()).isEqualTo(403);
    assertThat(http.read(refused).get("code").asString()).isEqualTo("api_key_scope_missing");

    String refundOne = http.read(http.send("POST", "/api/v1/merchant/refunds",
        body(paymentOne, 500L, "other", "iso-1"), one.secretKey())).get("id").asString();
    String refundTwo = http.read(http.send("POST", "/api/v1/merchant/refunds",
        body(paymentTwo, 700L, "other", "iso-1"), two.secretKey())).get("id").asString();
    assertThat(http.get("/api/v1/merchant/refunds/" + refundOne, readOnly).statusCode())
        .isEqualTo(200);

    for (var pair : List.of(List.of(one, two, refundTwo, paymentTwo),
        List.of(two, one, refundOne, paymentOne))) {
      TestMerchants.Created me = (TestMerchants.Created) pair.get(0);
      HttpResponse<String> get = http.get("/api/v1/merchant/refunds/" + pair.get(2),
          me.secretKey());
      assertThat(get.statusCode()).isEqualTo(404);
      assertThat(http.read(get).get("code").asString()).isEqualTo("refund_not_found");
      HttpResponse<String> post = http.send("POST", "/api/v1/merchant/refunds",
          body((UUID) pair.get(3), 100L, "other", "steal"), me.secretKey());
      assertThat(post.statusCode()).isEqualTo(404);
      assertThat(http.read(post).get("code").asString())
          .isEqualTo("merchant_payment_not_found");
      HttpResponse<String> cancel = http.send("POST",
          "/api/v1/merchant/refunds/" + pair.get(2) + "/cancel", null, me.secretKey());
      assertThat(cancel.statusCode()).isEqualTo(404);
      JsonNode list = http.read(http.get("/api/v1/merchant/refunds?paymentId=" + pair.get(3),
          me.secretKey()));
      assertThat(list.get("refunds")).isEmpty();
    }
    assertThat(checkout.payment(one.merchantId(), paymentOne).orElseThrow().refundedMinor())
        .isEqualTo(500);
    assertThat(checkout.payment(two.merchantId(), paymentTwo).orElseThrow().refundedMinor())
        .isEqualTo(700);
  }

  @Test
  void aRefundTheBalanceCannotCoverWaitsThenFailsAfterSevenDays() throws Exception {
    TestMerchants.Created m = merchant();
    TestUser payer = users.user().funded(20_000).create();
    UUID payment = pay(m, payer, 10_000);
    long payerBefore = wallet(payer);

    // The full 100.00 back, but the merchant kept only 96.80 after its fee.
    HttpResponse<String> created = http.send("POST", "/api/v1/merchant/refunds",
        body(payment, null, "not_as_described", "low-1"), m.secretKey());
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    JsonNode r = http.read(created);
    assertThat(r.get("status").asString()).isEqualTo("pending");
    assertThat(r.get("waiting").asBoolean()).isTrue();
    Instant createdAt = Instant.parse(r.get("createdAt").asString());
    assertThat(Instant.parse(r.get("pendingUntil").asString()))
        .isEqualTo(createdAt.plus(Duration.ofDays(7)));
    UUID id = UUID.fromString(r.get("id").asString());
    // Nothing more can be refunded meanwhile: the amount is reserved.
    assertThat(checkout.payment(m.merchantId(), payment).orElseThrow().refundableMinor()).isZero();

    // Six days later the balance is still too low: still pending.
    refunds.retryDue(createdAt.plus(Duration.ofDays(6)));
    assertThat(status(m, id)).isEqualTo("pending");
    refunds.retryDue(createdAt.plus(Duration.ofDays(7)).plusSeconds(1));

    JsonNode failed = http.read(http.get("/api/v1/merchant/refunds/" + id, m.secretKey()));
    assertThat(failed.get("status").asString()).isEqualTo("failed");
    assertThat(failed.get("failureReason").asString()).isEqualTo("deadline_passed");
    CheckoutApi.MerchantPayment p = checkout.payment(m.merchantId(), payment).orElseThrow();
    assertThat(p.refundedMinor()).isZero();
    assertThat(p.refundableMinor()).isEqualTo(10_000);
    assertThat(wallet(payer)).isEqualTo(payerBefore);
    assertThat(merchantBalance(m)).isEqualTo(9_680);
    assertThat(events.stream(MerchantEvent.class).filter(e -> e.objectId().equals(id))
        .map(MerchantEvent::type)).containsExactly("refund.failed");
    assertThat(ledger.checkInvariants().holds()).isTrue();
  }

  @Test
  void aWaitingRefundIsPaidWhenTheBalanceArrives() throws Exception {
    TestMerchants.Created m = merchant();
    TestUser payer = users.user().funded(30_000).create();
    UUID payment = pay(m, payer, 10_000);
    UUID id = UUID.fromString(http.read(http.send("POST", "/api/v1/merchant/refunds",
        body(payment, null, "fraudulent", "wait-1"), m.secretKey())).get("id").asString());
    assertThat(status(m, id)).isEqualTo("pending");
    pay(m, payer, 1_000);
    long payerBefore = wallet(payer);
    refunds.retryDue(Instant.now().plus(Duration.ofHours(1)));

    assertThat(status(m, id)).isEqualTo("succeeded");
    assertThat(wallet(payer) - payerBefore).isEqualTo(10_000);
    assertThat(ledger.checkInvariants().holds()).isTrue();
  }

  @Test
  void aPendingRefundCanBeCanceledAndItsAmountIsRefundableAgain() throws Exception {
    TestMerchants.Created m = merchant();
    TestUser payer = users.user().funded(20_000).create();
    UUID payment = pay(m, payer, 10_000);
    MerchantCaller support = new MerchantCaller(m.merchantId(), null, m.owner().id(),
        Map.of(ApiResource.REFUNDS, Access.WRITE));
    RefundsApi.Created created = refunds.create(support,
        new RefundsApi.NewRefund(payment, null, "other", "cancel-1"));
    UUID id = created.refund().id();
    assertThat(created.refund().status()).isEqualTo("pending");
    assertThat(created.refund().amountMinor()).isEqualTo(10_000);
    assertThat(events.stream(MerchantEvent.class).filter(e -> e.objectId().equals(id)))
        .singleElement().satisfies(e -> {
          assertThat(e.type()).isEqualTo("refund.created");
          assertThat(e.status()).isEqualTo("pending");
          assertThat(e.objectType()).isEqualTo("refund");
        });

    HttpResponse<String> canceled = http.send("POST", "/api/v1/merchant/refunds/" + id
        + "/cancel", null, m.secretKey());
    assertThat(http.read(canceled).get("status").asString()).isEqualTo("canceled");
    assertThat(checkout.payment(m.merchantId(), payment).orElseThrow().refundableMinor())
        .isEqualTo(10_000);
    HttpResponse<String> again = http.send("POST", "/api/v1/merchant/refunds/" + id
        + "/cancel", null, m.secretKey());
    assertThat(http.read(again).get("code").asString()).isEqualTo("refund_not_pending");
  }

  private String status(TestMerchants.Created m, UUID id) throws Exception {
    return http.read(http.get("/api/v1/merchant/refunds/" + id, m.secretKey())).get("status")
        .asString();
  }

  private TestMerchants.Created merchant() {
    return merchants.merchant().category(MerchantCategory.RETAIL).settlement("USD").create();
  }

  private UUID pay(TestMerchants.Created m, TestUser payer, long amount) {
    CheckoutApi.Session s = checkout.create(m.merchantId(), "k-" + UUID.randomUUID(),
        new CheckoutApi.NewSession(amount, "USD", "Goods", "order-" + UUID.randomUUID(), null,
            null, null)).session();
    CheckoutApi.Paid paid = checkout.pay(TestMerchants.current(payer), s.id(), null, null, null);
    TransactionView t = paid.transaction();
    assertThat(t.state()).isEqualTo(TransactionState.COMPLETED);
    return paid.session().paymentId();
  }

  private static Map<String, Object> body(UUID payment, Long amount, String reason,
      String reference) {
    Map<String, Object> body = new HashMap<>();
    body.put("paymentId", payment);
    body.put("amountMinor", amount);
    body.put("reason", reason);
    body.put("merchantRefundReference", reference);
    return body;
  }

  private long wallet(TestUser user) {
    return ledger.accountsOf(OwnerType.CUSTOMER, user.id().toString()).stream()
        .filter(a -> "wallet".equals(a.kind()) && "USD".equals(a.currency().getCurrencyCode()))
        .mapToLong(Account::balanceMinor).sum();
  }

  private long merchantBalance(TestMerchants.Created m) {
    return ledger.accountsOf(OwnerType.MERCHANT, m.merchantId().toString()).stream()
        .filter(a -> "balance".equals(a.kind())).mapToLong(Account::balanceMinor).sum();
  }
}
