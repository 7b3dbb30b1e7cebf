package org.okpay.merchants;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.okpay.OkPayTest;
import org.okpay.TestUsers;
import org.okpay.TestUsers.TestUser;
import org.okpay.ledger.LedgerApi;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Ratings (once per payment, only by its payer) and the reputation over real HTTP: "new
 * merchant" below 20 payments; with 20 the inputs are exact and the public page says them in
 * both languages.
 */
@OkPayTest
class ReputationTest {

  @LocalServerPort int port;
  @Autowired JsonMapper json;
  @Autowired TestUsers users;
  @Autowired TestMerchants merchants;
  @Autowired CheckoutApi checkout;
  @Autowired RefundRequestsApi requests;
  @Autowired LedgerApi ledger;

  MerchantHttp http;

  @BeforeEach
  void setUp() {
    http = new MerchantHttp(port, json);
  }

  @Test
  void belowTwentyPaymentsANewMerchantAndARatingOncePerPaymentByItsPayerOnly() throws Exception {
    TestMerchants.Created m = merchants.merchant().settlement("USD").create();
    TestUser payer = users.user().funded(10_000).create();
    TestUser stranger = users.user().create();
    CheckoutApi.Paid paid = pay(m, payer, 2_000);
    String byTransaction = "/api/v1/me/merchant-payments/" + paid.transaction().id() + "/rating";
    String byPayment = "/api/v1/me/merchant-payments/" + paid.session().paymentId() + "/rating";

    JsonNode r = http.read(http.get("/api/v1/merchants/" + m.merchantId() + "/reputation", null));
    assertThat(r.get("newMerchant").asBoolean()).isTrue();
    assertThat(r.hasNonNull("score")).isFalse();
    assertThat(r.get("inputs").get("completedPayments").asLong()).isEqualTo(1);
    assertThat(checkout.merchantFace(m.merchantId()).orElseThrow().reputation())
        .isEqualTo("new_merchant");
    assertThat(http.get("/api/v1/merchants/" + UUID.randomUUID() + "/reputation", null)
        .statusCode()).isEqualTo(404);

    // Another user's payment is not found; bad stars or a long comment are 400, nothing kept.
    HttpResponse<String> foreign = http.send("POST", byTransaction, Map.of("stars", 5),
        stranger.token());
    assertThat(foreign.statusCode()).isEqualTo(404);
    assertThat(http.read(foreign).get("code").asString()).isEqualTo("merchant_payment_not_found");
    assertThat(http.send("POST", byTransaction, Map.of("stars", 6), payer.token()).statusCode())
        .isEqualTo(400);
    assertThat(http.send("POST", byTransaction, Map.of("stars", 4, "comment", "x".repeat(501)),
        payer.token()).statusCode()).isEqualTo(400);
    assertThat(http.send("POST", byTransaction, Map.of("stars", 4), null).statusCode())
        .isEqualTo(401);

    HttpResponse<String> rated = http.send("POST", byTransaction,
        Map.of("stars", 4, "comment", "Fast delivery"), payer.token());
    assertThat(rated.statusCode()).as(rated.body()).isEqualTo(201);
    assertThat(http.read(rated).get("stars").asInt()).isEqualTo(4);
    assertThat(http.read(rated).get("paymentId").asString())
        .isEqualTo(paid.session().paymentId().toString());
    HttpResponse<String> again = http.send("POST", byPayment, Map.of("stars", 1), payer.token());
    assertThat(again.statusCode()).isEqualTo(409);
    assertThat(http.read(again).get("code").asString()).isEqualTo("merchant_payment_rated");

    JsonNode after = http.read(http.get("/api/v1/merchants/" + m.merchantId() + "/reputation",
        null)).get("inputs");
    assertThat(after.get("ratings").asLong()).isEqualTo(1);
    assertThat(after.get("averageRating").decimalValue()).isEqualByComparingTo("4");

    String page = page("/merchants/" + m.merchantId() + "?lang=en");
    assertThat(page).contains("New merchant").contains("Fewer than 20 payments on OKPay")
        .contains("1 completed payment");
    assertThat(status("/merchants/" + UUID.randomUUID())).isEqualTo(404);
    assertThat(status("/merchants/not-an-id")).isEqualTo(404);
    assertThat(page("/pay/m/" + m.merchantId() + "?lang=zh-CN")).contains("新商家")
        .contains("在 OKPay 的付款少于 20 笔，暂无评分");
    assertThat(ledger.checkInvariants().holds()).isTrue();
  }

  @Test
  void withTwentyPaymentsTheInputsAreExactAndThePageSaysThemInBothLanguages() throws Exception {
    TestMerchants.Created m = merchants.merchant().settlement("USD").create();
    TestUser payer = users.user().funded(30_000).create();
    List<CheckoutApi.Paid> paid = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      paid.add(pay(m, payer, 1_000));
    }
    // Refunds: 500 of payment 0 and all of payment 1: 1,500 of 20,000 = 7.5 %, 2 payments.
    String partial = refund(m, paid.get(0), 500L);
    refund(m, paid.get(1), null);
    // The payer says the partial refund did not arrive: a complaint (1 per 20 = 50 per 1,000).
    assertThat(http.send("POST", "/api/v1/me/refunds/" + partial + "/arrival",
        Map.of("received", false), payer.token()).statusCode()).isEqualTo(200);
    // Refund requests: one rejected at once, one left to expire: 50 % expired.
    RefundRequestsApi.RefundRequest rejected = ask(payer, paid.get(2));
    assertThat(http.send("POST", "/api/v1/merchant/refund-requests/" + rejected.id()
        + "/reject", Map.of("note", "Used"), m.secretKey()).statusCode()).isEqualTo(200);
    RefundRequestsApi.RefundRequest expiring = ask(payer, paid.get(3));
    requests.expireDue(expiring.createdAt().plus(Duration.ofHours(49)));
    // Ratings 5, 4, 4, 3, 5: 4.2 from 5 payers.
    int[] stars = {5, 4, 4, 3, 5};
    for (int i = 0; i < stars.length; i++) {
      assertThat(http.send("POST", "/api/v1/me/merchant-payments/"
          + paid.get(5 + i).transaction().id() + "/rating", Map.of("stars", stars[i]),
          payer.token()).statusCode()).isEqualTo(201);
    }

    JsonNode r = http.read(http.get("/api/v1/merchants/" + m.merchantId() + "/reputation", null));
    JsonNode in = r.get("inputs");
    assertThat(r.get("newMerchant").asBoolean()).isFalse();
    assertThat(in.get("completedPayments").asLong()).isEqualTo(20);
    assertThat(in.get("verified").asBoolean()).isTrue();
    assertThat(in.get("refundRatePercent").decimalValue()).isEqualByComparingTo("7.50");
    assertThat(in.get("refundedPayments").asLong()).isEqualTo(2);
    assertThat(in.get("refundRequests").asLong()).isEqualTo(2);
    assertThat(in.get("expiredRequests").asLong()).isEqualTo(1);
    assertThat(in.get("expiredSharePercent").decimalValue()).isEqualByComparingTo("50");
    assertThat(in.get("medianAnswerMinutes").asLong()).isEqualTo(0);
    assertThat(in.get("complaints").asLong()).isEqualTo(1);
    assertThat(in.get("complaintsPer1000").decimalValue()).isEqualByComparingTo("50");
    assertThat(in.get("ratings").asLong()).isEqualTo(5);
    assertThat(in.get("averageRating").decimalValue()).isEqualByComparingTo("4.2");
    // 5 - 0.75 (refunds) - 0.75 (expired) - 1.5 (complaints, capped) - 0.25 (younger than
    // 90 days) = 1.75; with 5 ratings averaged with 4.2: 2.975 -> 3.0.
    assertThat(r.get("score").decimalValue()).isEqualByComparingTo("3.0");

    assertThat(page("/merchants/" + m.merchantId() + "?lang=en")).contains("3 out of 5")
        .contains("Refund rate 7.5 % of the money paid (2 of 20 payments refunded)")
        .contains("50 % of refund requests went unanswered (1 of 2)")
        .contains("Answers refund requests in 1 min (median)")
        .contains("Rated 4.2 out of 5 by 5 payers").contains("20 completed payments");
    assertThat(page("/merchants/" + m.merchantId() + "?lang=zh-CN")).contains("3 分（满分 5 分）")
        .contains("退款率为付款金额的 7.5%（20 笔付款中有 2 笔退款）")
        .contains("平均 1 分钟内答复退款申请");
    CheckoutApi.Session open = checkout.create(m.merchantId(), "k-" + UUID.randomUUID(),
        new CheckoutApi.NewSession(500L, "USD", "Tea", null, null, null, null)).session();
    assertThat(checkout.hosted(open.id()).orElseThrow().merchant().reputation())
        .isEqualTo("3.0");
    assertThat(page("/pay/" + open.id() + "?lang=en")).contains("3 out of 5")
        .contains("Refund rate 7.5 %");
    assertThat(ledger.checkInvariants().holds()).isTrue();
  }

  private CheckoutApi.Paid pay(TestMerchants.Created m, TestUser payer, long amount) {
    CheckoutApi.Session s = checkout.create(m.merchantId(), "k-" + UUID.randomUUID(),
        new CheckoutApi.NewSession(amount, "USD", "Goods", "order-" + UUID.randomUUID(), null,
            null, null)).session();
    return checkout.pay(TestMerchants.current(payer), s.id(), null, null, null);
  }

  private String refund(TestMerchants.Created m, CheckoutApi.Paid paid, Long amount)
      throws Exception {
    Map<String, Object> body = new HashMap<>();
    body.put("paymentId", paid.session().paymentId());
    body.put("amountMinor", amount);
    body.put("reason", "duplicate");
    body.put("merchantRefundReference", "rf-" + UUID.randomUUID());
    HttpResponse<String> made = http.send("POST", "/api/v1/merchant/refunds", body,
        m.secretKey());
    assertThat(made.statusCode()).as(made.body()).isEqualTo(201);
    assertThat(http.read(made).get("status").asString()).isEqualTo("succeeded");
    return http.read(made).get("id").asString();
  }

  private RefundRequestsApi.RefundRequest ask(TestUser payer, CheckoutApi.Paid paid) {
    return requests.request(TestMerchants.current(payer), new RefundRequestsApi.NewRequest(
        paid.session().paymentId(), null, null, "not_received", null));
  }

  private String page(String path) throws Exception {
    HttpResponse<String> response = get(path);
    assertThat(response.statusCode()).as(path).isEqualTo(200);
    return response.body();
  }

  private int status(String path) throws Exception {
    return get(path).statusCode();
  }

  private HttpResponse<String> get(String path) throws Exception {
    return HttpClient.newHttpClient().send(HttpRequest.newBuilder(
        URI.create("http://127.0.0.1:" + port + path)).header("Accept", "text/html").build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
