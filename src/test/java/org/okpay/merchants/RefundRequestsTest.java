package org.okpay.merchants;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.okpay.OkPayTest;
import org.okpay.TestUsers;
import org.okpay.TestUsers.TestUser;
import org.okpay.ledger.LedgerApi;
import org.okpay.payments.PaymentsApi;
import org.okpay.payments.TransactionView;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.event.ApplicationEvents;
import org.springframework.test.context.event.RecordApplicationEvents;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A customer asks for a refund over HTTP; the merchant approves by key (the money comes back)
 * or lets it expire after 48 hours (the customer may escalate); "not received" files the
 * payments complaint on the refund's transaction; another merchant cannot answer it.
 */
@OkPayTest
@RecordApplicationEvents
class RefundRequestsTest {

  @LocalServerPort int port;
  @Autowired JsonMapper json;
  @Autowired TestUsers users;
  @Autowired TestMerchants merchants;
  @Autowired CheckoutApi checkout;
  @Autowired RefundRequestsApi requests;
  @Autowired PaymentsApi payments;
  @Autowired LedgerApi ledger;
  @Autowired ApplicationEvents events;

  MerchantHttp http;

  @BeforeEach
  void setUp() {
    http = new MerchantHttp(port, json);
  }

  @Test
  void theCustomerAsksTheMerchantApprovesAndNotReceivedFilesAComplaint() throws Exception {
    TestMerchants.Created m = merchants.merchant().category(MerchantCategory.RETAIL)
        .settlement("USD").create();
    TestMerchants.Created other = merchants.merchant().settlement("USD").create();
    TestUser payer = users.user().funded(20_000).create();
    CheckoutApi.Paid paid = pay(m, payer, 4_000);

    HttpResponse<String> asked = http.send("POST", "/api/v1/me/refund-requests",
        request(null, paid.transaction().id(), 1_500L, "not_as_described", "Broken on arrival"),
        payer.token());
    assertThat(asked.statusCode()).as(asked.body()).isEqualTo(201);
    JsonNode q = http.read(asked);
    assertThat(q.get("status").asString()).isEqualTo("requested");
    Instant createdAt = Instant.parse(q.get("createdAt").asString());
    assertThat(Instant.parse(q.get("answerBy").asString()))
        .isEqualTo(createdAt.plus(Duration.ofHours(48)));
    String id = q.get("id").asString();
    // One open request per payment.
    HttpResponse<String> twice = http.send("POST", "/api/v1/me/refund-requests",
        request(paid.session().paymentId(), null, 100L, "other", null), payer.token());
    assertThat(http.read(twice).get("code").asString()).isEqualTo("refund_request_exists");

    // The other merchant cannot see or answer it.
    assertThat(http.send("POST", "/api/v1/merchant/refund-requests/" + id + "/approve", null,
        other.secretKey()).statusCode()).isEqualTo(404);
    assertThat(http.read(http.get("/api/v1/merchant/refund-requests", other.secretKey()))
        .get("refundRequests")).isEmpty();
    JsonNode listed = http.read(http.get("/api/v1/merchant/refund-requests", m.secretKey()));
    assertThat(listed.get("refundRequests").get(0).get("id").asString()).isEqualTo(id);

    HttpResponse<String> approved = http.send("POST", "/api/v1/merchant/refund-requests/" + id
        + "/approve", null, m.secretKey());
    assertThat(approved.statusCode()).as(approved.body()).isEqualTo(200);
    assertThat(http.read(approved).get("status").asString()).isEqualTo("approved");
    String refundId = http.read(approved).get("refundId").asString();
    JsonNode refund = http.read(http.get("/api/v1/merchant/refunds/" + refundId,
        m.secretKey()));
    assertThat(refund.get("status").asString()).isEqualTo("succeeded");
    assertThat(refund.get("amountMinor").asLong()).isEqualTo(1_500);
    assertThat(checkout.payment(m.merchantId(), paid.session().paymentId()).orElseThrow()
        .refundableMinor()).isEqualTo(2_500);
    // Answering twice is refused.
    assertThat(http.read(http.send("POST", "/api/v1/merchant/refund-requests/" + id
        + "/reject", Map.of("note", "no"), m.secretKey())).get("code").asString())
        .isEqualTo("refund_request_not_open");

    UUID refundTx = UUID.fromString(refund.get("transactionId").asString());
    HttpResponse<String> notReceived = http.send("POST", "/api/v1/me/refunds/" + refundId
        + "/arrival", Map.of("received", false, "message", "Nothing in my balance"),
        payer.token());
    assertThat(notReceived.statusCode()).as(notReceived.body()).isEqualTo(200);
    assertThat(http.read(notReceived).get("arrival").asString()).isEqualTo("not_received");
    TransactionView t = payments.transaction(payer.id(), refundTx).orElseThrow();
    assertThat(t.complaintFiled()).isTrue();
    assertThat(ledger.checkInvariants().holds()).isTrue();
  }

  @Test
  void anUnansweredRequestExpiresAfterFortyEightHoursAndOffersToEscalate() throws Exception {
    TestMerchants.Created m = merchants.merchant().settlement("USD").create();
    TestUser payer = users.user().funded(20_000).create();
    CheckoutApi.Paid paid = pay(m, payer, 3_000);
    RefundRequestsApi.RefundRequest q = requests.request(TestMerchants.current(payer),
        new RefundRequestsApi.NewRequest(paid.session().paymentId(), null, null, "not_received",
            null));
    assertThat(q.amountMinor()).isEqualTo(3_000);

    requests.expireDue(q.createdAt().plus(Duration.ofHours(47)));
    assertThat(requests.mine(payer.id(), paid.transaction().id()).get(0).status())
        .isEqualTo("requested");
    requests.expireDue(q.createdAt().plus(Duration.ofHours(48)).plusSeconds(1));

    RefundRequestsApi.RefundRequest expired = requests.mine(payer.id(), paid.transaction().id())
        .get(0);
    assertThat(expired.status()).isEqualTo("expired");
    assertThat(expired.escalate()).isTrue();
    assertThat(events.stream(RefundRequestExpired.class).filter(e -> e.requestId()
        .equals(q.id()))).singleElement()
        .satisfies(e -> assertThat(e.customerId()).isEqualTo(payer.id()));
    assertThat(events.stream(MerchantEvent.class).filter(e -> e.objectId().equals(q.id()))
        .map(MerchantEvent::type))
        .containsExactly("refund_request.created", "refund_request.expired");
    // Nothing was reserved by the request.
    assertThat(checkout.payment(m.merchantId(), paid.session().paymentId()).orElseThrow()
        .refundableMinor()).isEqualTo(3_000);
  }

  private CheckoutApi.Paid pay(TestMerchants.Created m, TestUser payer, long amount) {
    CheckoutApi.Session s = checkout.create(m.merchantId(), "k-" + UUID.randomUUID(),
        new CheckoutApi.NewSession(amount, "USD", "Goods", "order-" + UUID.randomUUID(), null,
            null, null)).session();
    return checkout.pay(TestMerchants.current(payer), s.id(), null, null, null);
  }

  private static Map<String, Object> request(UUID paymentId, UUID transactionId, Long amount,
      String reason, String message) {
    Map<String, Object> body = new HashMap<>();
    body.put("paymentId", paymentId);
    body.put("transactionId", transactionId);
    body.put("amountMinor", amount);
    body.put("reason", reason);
    body.put("message", message);
    return body;
  }
}
