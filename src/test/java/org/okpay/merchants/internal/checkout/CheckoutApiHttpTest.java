package org.okpay.merchants.internal.checkout;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.okpay.OkPayTest;
import org.okpay.TestUsers;
import org.okpay.TestUsers.TestUser;
import org.okpay.ledger.LedgerApi;
import org.okpay.merchants.Access;
import org.okpay.merchants.ApiResource;
import org.okpay.merchants.TestMerchants;
import org.okpay.status.StatusApi;
import org.okpay.status.StatusComponent;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The checkout over real HTTP: the merchant's key creates and reads sessions and payments
 * within its scopes and its own merchant only; a payer pays with a bearer token.
 */
@OkPayTest
class CheckoutApiHttpTest {

  @LocalServerPort int port;
  @Autowired JsonMapper json;
  @Autowired TestUsers users;
  @Autowired TestMerchants merchants;
  @Autowired LedgerApi ledger;
  @Autowired StatusApi status;
  @Autowired org.springframework.jdbc.core.simple.JdbcClient jdbc;

  private final HttpClient http = HttpClient.newBuilder()
      .connectTimeout(Duration.ofSeconds(5)).build();

  @Test
  void aMerchantCreatesASessionOnceAndAPayerPaysItOnce() throws Exception {
    TestMerchants.Created m = merchants.merchant().create();
    Map<String, Object> body = session(2_500, "A-100");

    HttpResponse<String> created = send("POST", "/api/v1/merchant/checkout/sessions", body,
        m.secretKey(), "create-1");
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    JsonNode s = read(created);
    String sessionId = s.get("id").asString();
    assertThat(s.get("status").asString()).isEqualTo("open");
    assertThat(s.get("object").asString()).isEqualTo("checkout.session");
    assertThat(s.get("url").asString()).endsWith("/pay/" + sessionId);
    HttpResponse<String> again = send("POST", "/api/v1/merchant/checkout/sessions", body,
        m.secretKey(), "create-1");
    assertThat(again.statusCode()).isEqualTo(200);
    assertThat(again.headers().firstValue("Idempotent-Replayed")).hasValue("true");
    assertThat(read(again).get("id").asString()).isEqualTo(sessionId);
    HttpResponse<String> noKey = send("POST", "/api/v1/merchant/checkout/sessions", body,
        m.secretKey(), null);
    assertThat(noKey.statusCode()).isEqualTo(400);
    assertThat(read(noKey).get("code").asString()).isEqualTo("idempotency_key_missing");
    HttpResponse<String> bad = send("POST", "/api/v1/merchant/checkout/sessions",
        Map.of("amountMinor", -5, "currency", "XYZ"), m.secretKey(), "create-bad");
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(bad.headers().firstValue("Content-Type")).hasValueSatisfying(
        t -> assertThat(t).startsWith("application/problem+json"));

    TestUser payer = users.user().funded(10_000).create();
    String payPath = "/api/v1/me/checkout/sessions/" + sessionId + "/payment";
    HttpResponse<String> missingKey = send("POST", payPath, Map.of(), payer.token(), null);
    assertThat(missingKey.statusCode()).isEqualTo(400);
    HttpResponse<String> paid = send("POST", payPath, Map.of(), payer.token(), "pay-1");
    assertThat(paid.statusCode()).as(paid.body()).isEqualTo(201);
    JsonNode p = read(paid);
    assertThat(p.at("/session/status").asString()).isEqualTo("complete");
    assertThat(p.at("/transaction/operation").asString()).isEqualTo("merchant_payment");
    assertThat(p.at("/transaction/state").asString()).isEqualTo("completed");
    HttpResponse<String> replay = send("POST", payPath, Map.of(), payer.token(), "pay-2");
    assertThat(replay.statusCode()).isEqualTo(200);
    assertThat(read(replay).at("/transaction/id").asString())
        .isEqualTo(p.at("/transaction/id").asString());
    TestUser other = users.user().funded(10_000).create();
    HttpResponse<String> late = send("POST", payPath, Map.of(), other.token(), "pay-3");
    assertThat(late.statusCode()).isEqualTo(409);
    assertThat(read(late).get("code").asString()).isEqualTo("checkout_session_not_open");

    // The payer's history shows it; the merchant sees the payment with what is refundable.
    HttpResponse<String> history = send("GET", "/api/v1/me/transactions", null, payer.token(),
        null);
    assertThat(read(history).at("/transactions/0/operation").asString())
        .isEqualTo("merchant_payment");
    String paymentId = read(send("GET", "/api/v1/merchant/checkout/sessions/" + sessionId, null,
        m.secretKey(), null)).get("paymentId").asString();
    JsonNode payment = read(send("GET", "/api/v1/merchant/payments/" + paymentId, null,
        m.secretKey(), null));
    assertThat(payment.get("amountMinor").asLong()).isEqualTo(2_500);
    assertThat(payment.get("refundedMinor").asLong()).isZero();
    assertThat(payment.get("refundableMinor").asLong()).isEqualTo(2_500);
    assertThat(payment.get("netMinor").asLong())
        .isEqualTo(2_500 - payment.get("feeMinor").asLong());
    JsonNode list = read(send("GET", "/api/v1/merchant/payments?q=A-100", null, m.secretKey(),
        null));
    assertThat(list.get("payments").size()).isEqualTo(1);
    assertThat(ledger.checkInvariants().holds()).isTrue();
  }

  @Test
  void aCanceledSessionCannotBePaidAndSendsCanceledNeverCompleted() throws Exception {
    TestMerchants.Created m = merchants.merchant().create();
    HttpResponse<String> hook = send("POST", "/api/v1/merchant/webhook-endpoints",
        Map.of("url", "http://127.0.0.1:9/hooks", "enabledEvents", List.of(
            "checkout.session.canceled", "checkout.session.completed",
            "checkout.session.expired", "payment.succeeded")), m.secretKey(), null);
    assertThat(hook.statusCode()).as(hook.body()).isEqualTo(201);
    String endpoint = read(hook).get("id").asString();
    String id = read(send("POST", "/api/v1/merchant/checkout/sessions", session(1_500, "C-1"),
        m.secretKey(), "cancel-1")).get("id").asString();
    String cancel = "/api/v1/merchant/checkout/sessions/" + id + "/cancel";

    // Another merchant's key finds nothing; a key that only reads checkout may not cancel.
    TestMerchants.Created other = merchants.merchant().create();
    HttpResponse<String> theirs = send("POST", cancel, null, other.secretKey(), null);
    assertThat(theirs.statusCode()).isEqualTo(404);
    assertThat(read(theirs).get("code").asString()).isEqualTo("checkout_session_not_found");
    String reader = merchants.key(m, Map.of(ApiResource.CHECKOUT, Access.READ));
    assertThat(send("POST", cancel, null, reader, null).statusCode()).isEqualTo(403);

    HttpResponse<String> canceled = send("POST", cancel, null, m.secretKey(), null);
    assertThat(canceled.statusCode()).as(canceled.body()).isEqualTo(200);
    assertThat(read(canceled).get("status").asString()).isEqualTo("canceled");
    // Pressing it again changes nothing; expiring it is refused: canceled is final.
    assertThat(read(send("POST", cancel, null, m.secretKey(), null)).get("status").asString())
        .isEqualTo("canceled");
    HttpResponse<String> expire = send("POST", "/api/v1/merchant/checkout/sessions/" + id
        + "/expire", null, m.secretKey(), null);
    assertThat(expire.statusCode()).isEqualTo(409);
    assertThat(read(expire).get("status").asString()).isEqualTo("canceled");

    TestUser payer = users.user().funded(10_000).create();
    HttpResponse<String> late = send("POST", "/api/v1/me/checkout/sessions/" + id + "/payment",
        Map.of(), payer.token(), "pay-canceled");
    assertThat(late.statusCode()).as(late.body()).isEqualTo(409);
    assertThat(read(late).get("code").asString()).isEqualTo("checkout_session_not_open");
    assertThat(read(late).get("status").asString()).isEqualTo("canceled");
    for (JsonNode t : read(send("GET", "/api/v1/me/transactions", null, payer.token(), null))
        .get("transactions")) {
      assertThat(t.get("operation").asString()).isNotEqualTo("merchant_payment");
    }

    // A paid session cannot be canceled.
    String[] paid = paidSession(m, payer, "C-2");
    HttpResponse<String> tooLate = send("POST", "/api/v1/merchant/checkout/sessions/" + paid[0]
        + "/cancel", null, m.secretKey(), null);
    assertThat(tooLate.statusCode()).isEqualTo(409);
    assertThat(read(tooLate).get("code").asString()).isEqualTo("checkout_session_not_open");

    // The webhooks: canceled once for the canceled session, never completed or expired for it.
    JsonNode log = read(send("GET", "/api/v1/merchant/webhook-endpoints/" + endpoint
        + "/deliveries?limit=100", null, m.secretKey(), null));
    List<String> forCanceled = new java.util.ArrayList<>();
    for (JsonNode d : log.isArray() ? log : log.get("deliveries")) {
      JsonNode data = json.readTree(d.get("payload").asString()).get("data");
      if (data.get("id").asString().equals(id)) {
        forCanceled.add(d.get("eventType").asString() + ":" + data.get("status").asString());
      }
    }
    assertThat(forCanceled).containsExactly("checkout.session.canceled:canceled");
    assertThat(ledger.checkInvariants().holds()).isTrue();
    // Nobody listens there: removed with its deliveries, so that no other test meets them.
    assertThat(send("DELETE", "/api/v1/merchant/webhook-endpoints/" + endpoint, null,
        m.secretKey(), null).statusCode()).isEqualTo(204);
  }

  @Test
  void maintenanceOfMerchantCheckoutRefusesPaymentsAndLeavesTheSessionOpen() throws Exception {
    TestMerchants.Created m = merchants.merchant().create();
    String id = read(send("POST", "/api/v1/merchant/checkout/sessions", session(1_200, "M-1"),
        m.secretKey(), "maint-1")).get("id").asString();
    TestUser payer = users.user().funded(10_000).create();
    String payPath = "/api/v1/me/checkout/sessions/" + id + "/payment";
    java.time.Instant now = java.time.Instant.now();
    StatusApi.Maintenance window = status.scheduleMaintenance("Checkout upgrade",
        java.util.Set.of(StatusComponent.MERCHANT_CHECKOUT), now.minusSeconds(60),
        now.plusSeconds(3600));
    try {
      HttpResponse<String> refused = send("POST", payPath, Map.of(), payer.token(), "maint-p");
      assertThat(refused.statusCode()).as(refused.body()).isEqualTo(503);
      assertThat(read(refused).get("code").asString()).isEqualTo("maintenance");
      assertThat(read(send("GET", "/api/v1/merchant/checkout/sessions/" + id, null,
          m.secretKey(), null)).get("status").asString()).isEqualTo("open");
    } finally {
      jdbc.sql("delete from status.maintenance_windows where id = :id").param("id", window.id())
          .update();
    }
    HttpResponse<String> paid = send("POST", payPath, Map.of(), payer.token(), "maint-p2");
    assertThat(paid.statusCode()).as(paid.body()).isEqualTo(201);
    assertThat(ledger.checkInvariants().holds()).isTrue();
  }

  @Test
  void aPaymentAReviewRejectsIsAFailedPaymentAndTheSessionCanBePaidAgain() throws Exception {
    TestMerchants.Created m = merchants.merchant().create();
    HttpResponse<String> hook = send("POST", "/api/v1/merchant/webhook-endpoints",
        Map.of("url", "http://127.0.0.1:9/hooks", "enabledEvents", List.of("payment.failed")),
        m.secretKey(), null);
    String endpoint = read(hook).get("id").asString();
    String id = read(send("POST", "/api/v1/merchant/checkout/sessions", session(300_000, "R-1"),
        m.secretKey(), "review-1")).get("id").asString();
    TestUser payer = users.user().funded(500_000).create();
    String payPath = "/api/v1/me/checkout/sessions/" + id + "/payment";

    HttpResponse<String> held = send("POST", payPath, Map.of(), payer.token(), "review-p");
    assertThat(held.statusCode()).as(held.body()).isEqualTo(202);
    String tx = read(held).at("/transaction/id").asString();
    TestUser other = users.user().funded(500_000).create();
    assertThat(send("POST", payPath, Map.of(), other.token(), "review-o").statusCode())
        .isEqualTo(409);

    HttpResponse<String> rejected = send("POST", "/api/v1/admin/payments/reviews/" + tx
        + "/reject", null, TestUsers.OPERATOR_TOKEN, null);
    assertThat(rejected.statusCode()).as(rejected.body()).isEqualTo(200);
    JsonNode log = read(send("GET", "/api/v1/merchant/webhook-endpoints/" + endpoint
        + "/deliveries?limit=100", null, m.secretKey(), null));
    assertThat(log).hasSize(1);
    assertThat(log.get(0).get("eventType").asString()).isEqualTo("payment.failed");
    assertThat(read(send("GET", "/api/v1/merchant/checkout/sessions/" + id, null,
        m.secretKey(), null)).get("status").asString()).isEqualTo("open");
    // Given back: another payer may pay it now (held again: the same rules apply to them).
    HttpResponse<String> next = send("POST", payPath, Map.of(), other.token(), "review-o2");
    assertThat(next.statusCode()).as(next.body()).isIn(201, 202);
    assertThat(ledger.checkInvariants().holds()).isTrue();
    assertThat(send("DELETE", "/api/v1/merchant/webhook-endpoints/" + endpoint, null,
        m.secretKey(), null).statusCode()).isEqualTo(204);
  }

  @Test
  void aCheckoutReadKeyCannotCreateSessionsAndAPaymentsKeyCannotReadThem() throws Exception {
    TestMerchants.Created m = merchants.merchant().create();
    String readOnly = merchants.key(m, Map.of(ApiResource.CHECKOUT, Access.READ));
    String paymentsOnly = merchants.key(m, Map.of(ApiResource.PAYMENTS, Access.READ));

    HttpResponse<String> refused = send("POST", "/api/v1/merchant/checkout/sessions",
        session(1_000, "R-1"), readOnly, "ro-1");
    assertThat(refused.statusCode()).isEqualTo(403);
    assertThat(read(refused).get("code").asString()).isEqualTo("api_key_scope_missing");
    assertThat(send("GET", "/api/v1/merchant/checkout/sessions", null, readOnly, null)
        .statusCode()).isEqualTo(200);
    assertThat(send("GET", "/api/v1/merchant/checkout/sessions", null, paymentsOnly, null)
        .statusCode()).isEqualTo(403);
    assertThat(send("GET", "/api/v1/merchant/payments", null, paymentsOnly, null)
        .statusCode()).isEqualTo(200);
    assertThat(send("GET", "/api/v1/merchant/payments", null, readOnly, null)
        .statusCode()).isEqualTo(403);
    String id = read(send("POST", "/api/v1/merchant/checkout/sessions", session(1_000, "R-2"),
        m.secretKey(), "sk-1")).get("id").asString();
    assertThat(send("POST", "/api/v1/merchant/checkout/sessions/" + id + "/expire", null,
        readOnly, null).statusCode()).isEqualTo(403);
    assertThat(send("GET", "/api/v1/merchant/checkout/sessions/" + id, null, readOnly, null)
        .statusCode()).isEqualTo(200);
  }

  @Test
  void oneMerchantsKeyNeverReachesAnotherMerchantsSessionsOrPayments() throws Exception {
    TestMerchants.Created m1 = merchants.merchant().create();
    TestMerchants.Created m2 = merchants.merchant().create();
    TestUser payer = users.user().funded(10_000).create();
    String[] s1 = paidSession(m1, payer, "M1-1");
    String[] s2 = paidSession(m2, payer, "M2-1");
    String open2 = read(send("POST", "/api/v1/merchant/checkout/sessions", session(700, "M2-2"),
        m2.secretKey(), "m2-open")).get("id").asString();

    for (String[] pair : new String[][] {{m1.secretKey(), s2[0], s2[1], open2},
        {m2.secretKey(), s1[0], s1[1], null}}) {
      String key = pair[0];
      HttpResponse<String> session = send("GET", "/api/v1/merchant/checkout/sessions/"
          + pair[1], null, key, null);
      assertThat(session.statusCode()).isEqualTo(404);
      assertThat(read(session).get("code").asString()).isEqualTo("checkout_session_not_found");
      HttpResponse<String> payment = send("GET", "/api/v1/merchant/payments/" + pair[2], null,
          key, null);
      assertThat(payment.statusCode()).isEqualTo(404);
      assertThat(read(payment).get("code").asString()).isEqualTo("merchant_payment_not_found");
      assertThat(send("POST", "/api/v1/merchant/checkout/sessions/" + pair[1] + "/expire", null,
          key, null).statusCode()).isEqualTo(404);
      if (pair[3] != null) {
        assertThat(send("POST", "/api/v1/merchant/checkout/sessions/" + pair[3] + "/expire",
            null, key, null).statusCode()).isEqualTo(404);
      }
      JsonNode sessions = read(send("GET", "/api/v1/merchant/checkout/sessions?limit=100", null,
          key, null));
      assertThat(sessions.get("sessions").valueStream().map(n -> n.get("id").asString()))
          .doesNotContain(pair[1]).doesNotContain(open2.equals(pair[3]) ? open2 : "none");
      JsonNode payments = read(send("GET", "/api/v1/merchant/payments?limit=100", null, key,
          null));
      assertThat(payments.get("payments").valueStream().map(n -> n.get("id").asString()))
          .doesNotContain(pair[2]);
    }
    // The other merchant's open session is still open: the refused expiry changed nothing.
    assertThat(read(send("GET", "/api/v1/merchant/checkout/sessions/" + open2, null,
        m2.secretKey(), null)).get("status").asString()).isEqualTo("open");
  }

  @Test
  void theFeeScheduleIsOnFeesAndTheDashboardShowsPaymentsOnlyToTheMerchantsStaff()
      throws Exception {
    HttpResponse<String> fees = page("/fees?lang=en", null);
    assertThat(fees.statusCode()).isEqualTo(200);
    assertThat(fees.body()).contains("id=\"merchant-fee-schedule\"").contains("2.9 % + 0.30");

    TestMerchants.Created m1 = merchants.merchant().create();
    TestMerchants.Created m2 = merchants.merchant().create();
    TestUser payer = users.user().funded(10_000).create();
    paidSession(m2, payer, "DASH-42");
    String path = "/merchant/" + m2.merchantId() + "/payments";
    HttpResponse<String> own = page(path + "?q=DASH-42", users.webSession(m2.owner()));
    assertThat(own.statusCode()).isEqualTo(200);
    assertThat(own.body()).contains("DASH-42").contains("id=\"static-qr\"");
    assertThat(page(path, users.webSession(m1.owner())).statusCode()).isEqualTo(404);
    assertThat(page(path, users.webSession(payer)).statusCode()).isEqualTo(404);
  }

  private HttpResponse<String> page(String path, String sessionCookie) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(
        URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(30));
    if (sessionCookie != null) {
      request.header("Cookie", org.okpay.identity.IdentityApi.SESSION_COOKIE + "="
          + sessionCookie);
    }
    return http.send(request.GET().build(), HttpResponse.BodyHandlers.ofString());
  }

  /** A session of the merchant that the payer paid: {sessionId, paymentId}. */
  private String[] paidSession(TestMerchants.Created m, TestUser payer, String reference)
      throws Exception {
    String id = read(send("POST", "/api/v1/merchant/checkout/sessions", session(1_000,
        reference), m.secretKey(), "k-" + reference)).get("id").asString();
    HttpResponse<String> paid = send("POST", "/api/v1/me/checkout/sessions/" + id + "/payment",
        Map.of(), payer.token(), "p-" + reference);
    assertThat(paid.statusCode()).as(paid.body()).isEqualTo(201);
    return new String[] {id, read(paid).at("/session/paymentId").asString()};
  }

  private static Map<String, Object> session(long amountMinor, String reference) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("amountMinor", amountMinor);
    body.put("currency", "USD");
    body.put("description", "Two books");
    body.put("orderReference", reference);
    body.put("successUrl", "https://shop.example/thanks?session={CHECKOUT_SESSION_ID}");
    body.put("cancelUrl", "https://shop.example/cart");
    return body;
  }

  private HttpResponse<String> send(String method, String path, Object body, String bearer,
      String idempotencyKey) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(
        URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(30))
        .header("Accept", "application/json").header("Authorization", "Bearer " + bearer);
    if (idempotencyKey != null) {
      request.header("Idempotency-Key", idempotencyKey + "-" + UUID.nameUUIDFromBytes(
          bearer.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }
    request.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
        : HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body)));
    if (body != null) {
      request.header("Content-Type", "application/json");
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private JsonNode read(HttpResponse<String> response) {
    return json.readTree(response.body());
  }
}
