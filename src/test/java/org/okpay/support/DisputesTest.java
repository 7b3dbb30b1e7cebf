package org.okpay.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Currency;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.okpay.OkPayTest;
import org.okpay.TestUsers;
import org.okpay.TestUsers.TestUser;
import org.okpay.identity.IdentityApi;
import org.okpay.identity.Role;
import org.okpay.ledger.LedgerApi;
import org.okpay.merchants.Access;
import org.okpay.merchants.ApiResource;
import org.okpay.merchants.CheckoutApi;
import org.okpay.merchants.MerchantHttp;
import org.okpay.merchants.MerchantsApi;
import org.okpay.merchants.RefundRequestsApi;
import org.okpay.merchants.ReputationApi;
import org.okpay.notify.InAppTemplate;
import org.okpay.notify.NotifyApi;
import org.okpay.merchants.TestMerchants;
import org.okpay.payments.PaymentsApi;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Disputes end to end over HTTP against real PostgreSQL and the real ledger: a claim holds the
 * disputed amount from the merchant and the agent's decision posts it to the customer or voids
 * it, with exact balances and the ledger's invariants; a refund ends an inquiry; deadlines move
 * with the time given; merchants and customers see only their own; webhooks arrive signed; an
 * unauthorized report secures the account (webhooks: DisputeWebhooksTest); a p2p dispute holds the recipient's funds.
 */
@OkPayTest
class DisputesTest {

  @LocalServerPort int port;
  @Autowired JsonMapper json;
  @Autowired TestUsers users;
  @Autowired TestMerchants merchants;
  @Autowired CheckoutApi checkout;
  @Autowired MerchantsApi merchantsApi;
  @Autowired PaymentsApi payments;
  @Autowired LedgerApi ledger;
  @Autowired DisputesApi disputes;
  @Autowired IdentityApi identity;
  @Autowired ReputationApi reputation;
  @Autowired RefundRequestsApi refundRequests;
  @Autowired NotifyApi notify;

  MerchantHttp http;
  final HttpClient client = HttpClient.newHttpClient();

  @BeforeEach
  void setUp() {
    http = new MerchantHttp(port, json);
  }

  // ---------------------------------------------------------------- money both ways

  @Test
  void aClaimHoldsTheAmountAndTheAgentsDecisionForTheCustomerPostsIt() throws Exception {
    TestMerchants.Created m = merchants.merchant().settlement("USD").create();
    TestUser payer = users.user().funded(20_000).create();
    pay(m, users.user().funded(20_000).create(), 10_000); // the merchant's balance
    CheckoutApi.Paid paid = pay(m, payer, 4_000);
    long merchantBefore = merchantBalance(m);
    long payerBefore = wallet(payer);

    HttpResponse<String> opened = open(payer, "k-" + UUID.randomUUID(),
        paid.transaction().id(), "not_received", null, "The parcel never came");
    assertThat(opened.statusCode()).as(opened.body()).isEqualTo(201);
    JsonNode d = http.read(opened);
    String id = d.get("id").asString();
    assertThat(d.get("status").asString()).isEqualTo("inquiry");
    assertThat(d.get("object").asString()).isEqualTo("dispute");
    assertThat(d.get("amountMinor").asLong()).isEqualTo(4_000);
    assertThat(Instant.parse(d.get("dueAt").asString()))
        .isEqualTo(Instant.parse(d.get("createdAt").asString()).plus(Duration.ofDays(20)));

    // The merchant talks to the customer, then the customer makes it a claim.
    assertThat(http.send("POST", "/api/v1/merchant/disputes/" + id + "/messages",
        Map.of("body", "We shipped it on Monday"), m.secretKey()).statusCode()).isEqualTo(200);
    JsonNode claim = http.read(http.send("POST", "/api/v1/me/disputes/" + id + "/escalate",
        null, payer.token()));
    assertThat(claim.get("dispute").get("status").asString()).isEqualTo("needs_response");
    assertThat(claim.get("dispute").get("holdMinor").asLong()).isEqualTo(4_000);
    assertThat(claim.get("dispute").get("holdState").asString()).isEqualTo("held");
    assertThat(merchantAvailable(m)).isEqualTo(merchantBefore - 4_000);
    assertThat(merchantBalance(m)).isEqualTo(merchantBefore);
    assertThat(ledger.checkInvariants().holds()).isTrue();

    // Evidence: text fields and a file, never served inline.
    HttpResponse<String> file = upload(m.secretKey(), id, "receipt.pdf", "application/pdf",
        "%PDF-1.4 receipt".getBytes(StandardCharsets.UTF_8));
    assertThat(file.statusCode()).as(file.body()).isEqualTo(201);
    HttpResponse<String> html = upload(m.secretKey(), id, "x.html", "text/html",
        "<script>alert(1)</script>".getBytes(StandardCharsets.UTF_8));
    assertThat(html.statusCode()).isEqualTo(415);
    assertThat(http.read(html).get("code").asString()).isEqualTo("dispute_file_rejected");
    HttpResponse<String> fake = upload(m.secretKey(), id, "x.png", "image/png",
        "not a png at all".getBytes(StandardCharsets.UTF_8));
    assertThat(fake.statusCode()).isEqualTo(415);
    // A scan of 2 MB fits (evidence paths are upload paths); one byte over 5 MiB does not.
    byte[] scan = new byte[2 * 1024 * 1024];
    System.arraycopy("%PDF-1.7".getBytes(StandardCharsets.UTF_8), 0, scan, 0, 8);
    HttpResponse<String> big = upload(m.secretKey(), id, "scan.pdf", "application/pdf", scan);
    assertThat(big.statusCode()).as(big.body()).isEqualTo(201);
    byte[] tooBig = java.util.Arrays.copyOf(scan, DisputesApi.FILE_BYTES_MAX + 1);
    assertThat(upload(m.secretKey(), id, "huge.pdf", "application/pdf", tooBig).statusCode())
        .isEqualTo(415);
    String fileId = http.read(file).get("id").asString();
    HttpResponse<String> download = http.get("/api/v1/merchant/disputes/" + id + "/files/"
        + fileId, m.secretKey());
    assertThat(download.headers().firstValue("Content-Disposition").orElseThrow())
        .startsWith("attachment");
    assertThat(download.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");

    HttpResponse<String> evidence = http.send("POST", "/api/v1/merchant/disputes/" + id
        + "/evidence", Map.of("explanation", "Delivered, signed by the customer",
        "shippingTracking", "1Z999"), m.secretKey());
    assertThat(evidence.statusCode()).as(evidence.body()).isEqualTo(200);
    assertThat(http.read(evidence).get("dispute").get("status").asString())
        .isEqualTo("under_review");

    TestUser agent = users.user().role(Role.AGENT).create();
    JsonNode queue = http.read(http.get("/api/v1/admin/disputes?status=under_review&limit=100",
        agent.token()));
    assertThat(queue.get("disputes").valueStream().map(x -> x.get("id").asString()))
        .contains(id);
    assertThat(http.read(http.send("POST", "/api/v1/admin/disputes/" + id + "/decide",
        Map.of("outcome", "customer"), agent.token())).get("code").asString())
        .isEqualTo("validation_failed");
    HttpResponse<String> decided = http.send("POST", "/api/v1/admin/disputes/" + id + "/decide",
        Map.of("outcome", "customer", "reason", "No proof of delivery to this address"),
        agent.token());
    assertThat(decided.statusCode()).as(decided.body()).isEqualTo(200);
    JsonNode won = http.read(decided).get("dispute");
    assertThat(won.get("status").asString()).isEqualTo("won");
    assertThat(won.get("holdState").asString()).isEqualTo("posted");

    assertThat(wallet(payer)).isEqualTo(payerBefore + 4_000);
    assertThat(merchantBalance(m)).isEqualTo(merchantBefore - 4_000);
    assertThat(merchantAvailable(m)).isEqualTo(merchantBefore - 4_000);
    assertThat(ledger.checkInvariants().holds()).isTrue();
    // Deciding twice is refused and moves nothing.
    assertThat(http.read(http.send("POST", "/api/v1/admin/disputes/" + id + "/decide",
        Map.of("outcome", "merchant", "reason", "again"), agent.token())).get("code").asString())
        .isEqualTo("dispute_wrong_state");
    assertThat(wallet(payer)).isEqualTo(payerBefore + 4_000);
    // The dispute rate reaches the reputation through the plug-in.
    assertThat(reputation.reputation(m.merchantId()).orElseThrow().inputs().disputes())
        .isEqualTo(1);
    // The pages of all three sides show it (the agent's queue and decision, in Chinese too).
    for (String[] page : new String[][] {{"/disputes", "c"}, {"/disputes/" + id, "c"},
        {"/disputes/new?transaction=" + paid.transaction().id(), "c"},
        {"/merchant/" + m.merchantId() + "/disputes", "m"},
        {"/merchant/" + m.merchantId() + "/disputes/" + id, "m"},
        {"/admin/disputes", "a"}, {"/admin/disputes/" + id + "?lang=zh-CN", "a"}}) {
      TestUser reader = page[1].equals("c") ? payer : page[1].equals("m") ? m.owner() : agent;
      HttpResponse<String> shown = page(page[0], reader);
      assertThat(shown.statusCode()).as(page[0] + " " + shown.body()).isEqualTo(200);
    }
    assertThat(page("/admin/disputes/" + id + "?lang=zh-CN", agent).body())
        .contains("客户胜诉").contains("No proof of delivery");
    assertThat(page("/disputes/" + id, m.owner()).statusCode()).isEqualTo(404);
    assertThat(page("/merchant/" + m.merchantId() + "/disputes/" + id, payer).statusCode())
        .isEqualTo(404);
    assertThat(page("/admin/disputes", payer).statusCode()).isEqualTo(403);
    // A customer cannot reach the agents' endpoints.
    assertThat(http.get("/api/v1/admin/disputes", payer.token()).statusCode()).isEqualTo(403);
  }

  @Test
  void decidedForTheMerchantTheHoldIsVoidedAndNothingMoves() throws Exception {
    TestMerchants.Created m = merchants.merchant().settlement("USD").create();
    TestUser payer = users.user().funded(20_000).create();
    pay(m, users.user().funded(20_000).create(), 10_000);
    CheckoutApi.Paid paid = pay(m, payer, 3_000);
    long merchantBefore = merchantBalance(m);
    long payerBefore = wallet(payer);
    String id = http.read(open(payer, "k-" + UUID.randomUUID(), paid.transaction().id(),
        "not_as_described", 2_000L, "Wrong colour")).get("id").asString();
    http.send("POST", "/api/v1/me/disputes/" + id + "/escalate", null, payer.token());
    assertThat(merchantAvailable(m)).isEqualTo(merchantBefore - 2_000);
    TestUser agent = users.user().role(Role.AGENT).create();
    // The merchant has not answered yet: the agent may still decide (evidence is optional).
    JsonNode lost = http.read(http.send("POST", "/api/v1/admin/disputes/" + id + "/decide",
        Map.of("outcome", "merchant", "reason", "The colour matches the listing"),
        agent.token())).get("dispute");
    assertThat(lost.get("status").asString()).isEqualTo("lost");
    assertThat(lost.get("holdState").asString()).isEqualTo("voided");
    assertThat(merchantBalance(m)).isEqualTo(merchantBefore);
    assertThat(merchantAvailable(m)).isEqualTo(merchantBefore);
    assertThat(wallet(payer)).isEqualTo(payerBefore);
    assertThat(ledger.checkInvariants().holds()).isTrue();
  }

  // ---------------------------------------------------------------- refunds end an inquiry

  @Test
  void aRefundOfTheDisputedAmountEndsTheInquiry() throws Exception {
    TestMerchants.Created m = merchants.merchant().settlement("USD").create();
    TestUser payer = users.user().funded(20_000).create();
    pay(m, users.user().funded(20_000).create(), 10_000);
    CheckoutApi.Paid paid = pay(m, payer, 2_500);
    long payerBefore = wallet(payer);
    String id = http.read(open(payer, "k-" + UUID.randomUUID(), paid.transaction().id(),
        "duplicate", null, "Charged twice")).get("id").asString();

    // The merchant refunds through the ordinary refund API: the dispute ends when it succeeds.
    HttpResponse<String> refund = http.send("POST", "/api/v1/merchant/refunds",
        Map.of("paymentId", paid.session().paymentId(), "reason", "duplicate",
            "merchantRefundReference", "rf-" + UUID.randomUUID()), m.secretKey());
    assertThat(refund.statusCode()).as(refund.body()).isEqualTo(201);
    await().atMost(Duration.ofSeconds(30)).until(() -> !disputes.mine(payer.id(),
        UUID.fromString(id)).orElseThrow().dispute().open());
    DisputesApi.Dispute d = disputes.mine(payer.id(), UUID.fromString(id)).orElseThrow()
        .dispute();
    assertThat(d.status()).isEqualTo("won");
    assertThat(d.resolution()).isEqualTo("refunded");
    assertThat(wallet(payer)).isEqualTo(payerBefore + 2_500);

    // "Accept" during an inquiry is the same refund, made for the merchant.
    CheckoutApi.Paid second = pay(m, payer, 1_200);
    String id2 = http.read(open(payer, "k-" + UUID.randomUUID(), second.transaction().id(),
        "not_received", null, "Nothing came")).get("id").asString();
    JsonNode accepted = http.read(http.send("POST", "/api/v1/merchant/disputes/" + id2
        + "/accept", null, m.secretKey()));
    assertThat(accepted.get("dispute").get("status").asString()).isEqualTo("won");
    assertThat(accepted.get("dispute").get("resolution").asString()).isEqualTo("refunded");
    assertThat(wallet(payer)).isEqualTo(payerBefore + 2_500);
    assertThat(ledger.checkInvariants().holds()).isTrue();
  }

  @Test
  void anExpiredRefundRequestOffersADispute() throws Exception {
    TestMerchants.Created m = merchants.merchant().settlement("USD").create();
    TestUser payer = users.user().funded(20_000).create();
    CheckoutApi.Paid paid = pay(m, payer, 2_000);
    RefundRequestsApi.RefundRequest q = refundRequests.request(TestMerchants.current(payer),
        new RefundRequestsApi.NewRequest(null, paid.transaction().id(), null, "not_received",
            null));
    refundRequests.expireDue(q.answerBy().plusSeconds(1));
    await().atMost(Duration.ofSeconds(30)).until(() -> notify.notifications(
        payer.id().toString(), 50).stream().anyMatch(n -> n.template()
            == InAppTemplate.DISPUTE_UPDATE && ("/disputes/new?transaction="
            + paid.transaction().id()).equals(n.link())));
    // The refunds page offers it too, with the request's reason.
    HttpResponse<String> refundsPage = page("/account/refunds?transaction="
        + paid.transaction().id(), payer);
    assertThat(refundsPage.body()).contains("/disputes/new?transaction="
        + paid.transaction().id() + "&amp;reason=not_received");
  }

  // ---------------------------------------------------------------- deadlines

  @Test
  void deadlinesMoveWithTheTimeGiven() throws Exception {
    TestMerchants.Created m = merchants.merchant().settlement("USD").create();
    TestUser payer = users.user().funded(20_000).create();
    pay(m, users.user().funded(20_000).create(), 10_000);
    CheckoutApi.Paid paid = pay(m, payer, 1_000);
    long merchantBefore = merchantAvailable(m);
    DisputesApi.Dispute d = disputes.open(TestMerchants.current(payer), "k-" + UUID.randomUUID(),
        new DisputesApi.NewDispute(paid.transaction().id(), "not_received", null, "Nothing"))
        .dispute();
    Instant inquiryEnds = d.createdAt().plus(Duration.ofDays(20));

    disputes.advanceDue(inquiryEnds.minusSeconds(1));
    assertThat(status(payer, d.id())).isEqualTo("inquiry");
    disputes.advanceDue(inquiryEnds.plusSeconds(1));
    DisputesApi.Dispute claim = disputes.mine(payer.id(), d.id()).orElseThrow().dispute();
    assertThat(claim.status()).isEqualTo("needs_response");
    assertThat(claim.holdState()).isEqualTo("held");
    assertThat(merchantAvailable(m)).isEqualTo(merchantBefore - 1_000);
    assertThat(claim.evidenceDueAt()).isNotNull();

    disputes.advanceDue(claim.evidenceDueAt().minusSeconds(1));
    assertThat(status(payer, d.id())).isEqualTo("needs_response");
    disputes.advanceDue(claim.evidenceDueAt().plusSeconds(1));
    assertThat(status(payer, d.id())).isEqualTo("under_review");
    assertThat(disputes.mine(payer.id(), d.id()).orElseThrow().steps())
        .extracting(DisputesApi.Step::step)
        .containsSubsequence("opened", "escalated", "evidence_missed");

    // Withdrawn by the customer: the hold is released.
    disputes.withdraw(payer.id(), d.id());
    assertThat(merchantAvailable(m)).isEqualTo(merchantBefore);
    assertThat(ledger.checkInvariants().holds()).isTrue();
  }

  // ---------------------------------------------------------------- isolation

  @Test
  void merchantsAndCustomersSeeOnlyTheirOwn() throws Exception {
    TestMerchants.Created m1 = merchants.merchant().settlement("USD").create();
    TestMerchants.Created m2 = merchants.merchant().settlement("USD").create();
    TestUser a = users.user().funded(20_000).create();
    TestUser b = users.user().funded(20_000).create();
    CheckoutApi.Paid p1 = pay(m1, a, 1_000);
    CheckoutApi.Paid p2 = pay(m2, b, 1_000);
    String d1 = http.read(open(a, "k-" + UUID.randomUUID(), p1.transaction().id(),
        "not_received", null, "Nothing")).get("id").asString();
    String d2 = http.read(open(b, "k-" + UUID.randomUUID(), p2.transaction().id(),
        "not_received", null, "Nothing")).get("id").asString();

    for (String[] pair : new String[][] {{m1.secretKey(), d2}, {m2.secretKey(), d1}}) {
      String key = pair[0];
      String other = pair[1];
      assertThat(code(http.get("/api/v1/merchant/disputes/" + other, key)))
          .isEqualTo("dispute_not_found");
      assertThat(code(http.send("POST", "/api/v1/merchant/disputes/" + other + "/messages",
          Map.of("body", "hi"), key))).isEqualTo("dispute_not_found");
      assertThat(code(http.send("POST", "/api/v1/merchant/disputes/" + other + "/accept", null,
          key))).isEqualTo("dispute_not_found");
      assertThat(code(http.send("POST", "/api/v1/merchant/disputes/" + other + "/evidence",
          Map.of("explanation", "x"), key))).isEqualTo("dispute_not_found");
      assertThat(upload(key, other, "a.txt", "text/plain", "hello".getBytes()).statusCode())
          .isEqualTo(404);
      assertThat(http.get("/api/v1/merchant/disputes/" + other + "/files/" + UUID.randomUUID(),
          key).statusCode()).isEqualTo(404);
    }
    assertThat(ids(http.read(http.get("/api/v1/merchant/disputes", m1.secretKey()))))
        .containsExactly(d1);
    assertThat(ids(http.read(http.get("/api/v1/merchant/disputes", m2.secretKey()))))
        .containsExactly(d2);
    // A key without the disputes scope is refused; a read-only key cannot answer.
    String noScope = merchants.key(m1, Map.of(ApiResource.PAYMENTS, Access.READ));
    assertThat(code(http.get("/api/v1/merchant/disputes", noScope)))
        .isEqualTo("api_key_scope_missing");
    String readOnly = merchants.key(m1, Map.of(ApiResource.DISPUTES, Access.READ));
    assertThat(http.get("/api/v1/merchant/disputes/" + d1, readOnly).statusCode()).isEqualTo(200);
    assertThat(code(http.send("POST", "/api/v1/merchant/disputes/" + d1 + "/messages",
        Map.of("body", "hi"), readOnly))).isEqualTo("api_key_scope_missing");

    // Customers: another's dispute is not found, and so is another's transaction.
    assertThat(code(http.get("/api/v1/me/disputes/" + d1, b.token())))
        .isEqualTo("dispute_not_found");
    for (String action : List.of("escalate", "withdraw")) {
      assertThat(code(http.send("POST", "/api/v1/me/disputes/" + d1 + "/" + action, null,
          b.token()))).isEqualTo("dispute_not_found");
    }
    assertThat(code(http.send("POST", "/api/v1/me/disputes/" + d1 + "/messages",
        Map.of("body", "hi"), b.token()))).isEqualTo("dispute_not_found");
    assertThat(code(open(b, "k-" + UUID.randomUUID(), p1.transaction().id(), "duplicate", null,
        "not mine"))).isEqualTo("transaction_not_found");
    assertThat(ids(http.read(http.get("/api/v1/me/disputes", b.token())))).containsExactly(d2);
    // One open dispute per transaction; the same key replays; another body is refused.
    String key = "k-" + UUID.randomUUID();
    assertThat(code(open(a, key, p1.transaction().id(), "duplicate", null, "again")))
        .isEqualTo("dispute_exists");
    CheckoutApi.Paid p3 = pay(m1, a, 500);
    assertThat(open(a, key, p3.transaction().id(), "duplicate", null, "x").statusCode())
        .isEqualTo(201);
    HttpResponse<String> replay = open(a, key, p3.transaction().id(), "duplicate", null, "x");
    assertThat(replay.statusCode()).isEqualTo(200);
    assertThat(replay.headers().firstValue("Idempotent-Replayed")).hasValue("true");
    assertThat(code(open(a, key, p3.transaction().id(), "duplicate", null, "y")))
        .isEqualTo("idempotency_key_reused");
    assertThat(code(open(a, null, p3.transaction().id(), "duplicate", null, "y")))
        .isEqualTo("idempotency_key_missing");
    assertThat(code(open(a, "k-" + UUID.randomUUID(), p3.transaction().id(), "bogus", null,
        "y"))).isEqualTo("validation_failed");
  }

  // ---------------------------------------------------------------- unauthorized, p2p

  @Test
  void anUnauthorizedP2pPaymentSecuresTheAccountAndHoldsTheRecipientsFunds() throws Exception {
    TestUser sender = users.user().funded(20_000).create();
    TestUser recipient = users.user().create();
    HttpResponse<String> sent = send("POST", "/api/v1/me/transfers", Map.of("recipientEmail",
        recipient.email(), "amountMinor", 1_500, "currency", "USD"), sender.token(),
        "t-" + UUID.randomUUID());
    assertThat(sent.statusCode()).as(sent.body()).isIn(200, 201);
    UUID tx = UUID.fromString(http.read(sent).get("id").asString());
    long senderBefore = wallet(sender);
    long recipientBefore = wallet(recipient);

    HttpResponse<String> opened = open(sender, "k-" + UUID.randomUUID(), tx, "unauthorized",
        null, "I did not send this");
    assertThat(opened.statusCode()).as(opened.body()).isEqualTo(201);
    JsonNode d = http.read(opened);
    assertThat(d.get("kind").asString()).isEqualTo("p2p");
    assertThat(d.get("status").asString()).isEqualTo("under_review");
    assertThat(d.get("holdState").asString()).isEqualTo("held");
    // The account is secured: every session ends, sending is frozen.
    assertThat(identity.frozen(sender.id())).isTrue();
    assertThat(http.get("/api/v1/me/disputes", sender.token()).statusCode()).isEqualTo(401);
    assertThat(available(recipient)).isEqualTo(recipientBefore - 1_500);

    TestUser agent = users.user().role(Role.AGENT).create();
    JsonNode won = http.read(http.send("POST", "/api/v1/admin/disputes/" + d.get("id")
        .asString() + "/decide", Map.of("outcome", "customer", "reason", "Card testing pattern"),
        agent.token())).get("dispute");
    assertThat(won.get("status").asString()).isEqualTo("won");
    assertThat(wallet(sender)).isEqualTo(senderBefore + 1_500);
    assertThat(wallet(recipient)).isEqualTo(recipientBefore - 1_500);
    assertThat(ledger.checkInvariants().holds()).isTrue();
  }

  // ---------------------------------------------------------------- helpers

  private CheckoutApi.Paid pay(TestMerchants.Created m, TestUser payer, long amount) {
    CheckoutApi.Session s = checkout.create(m.merchantId(), "k-" + UUID.randomUUID(),
        new CheckoutApi.NewSession(amount, "USD", "Goods", "order-" + UUID.randomUUID(), null,
            null, null)).session();
    return checkout.pay(TestMerchants.current(payer), s.id(), null, null, null);
  }

  private HttpResponse<String> open(TestUser customer, String key, UUID transaction,
      String reason, Long amount, String description) throws Exception {
    Map<String, Object> body = new HashMap<>();
    body.put("transactionId", transaction);
    body.put("reason", reason);
    body.put("amountMinor", amount);
    body.put("description", description);
    return send("POST", "/api/v1/me/disputes", body, customer.token(), key);
  }

  private HttpResponse<String> send(String method, String path, Object body, String token,
      String idempotencyKey) throws Exception {
    HttpRequest.Builder r = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
        .header("Accept", "application/json")
        .method(method, HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body)));
    if (idempotencyKey != null) {
      r.header("Idempotency-Key", idempotencyKey);
    }
    return client.send(r.build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> upload(String key, String disputeId, String name, String type,
      byte[] content) throws Exception {
    String boundary = "b" + UUID.randomUUID().toString().replace("-", "");
    byte[] head = ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; "
        + "filename=\"" + name + "\"\r\nContent-Type: " + type + "\r\n\r\n")
        .getBytes(StandardCharsets.UTF_8);
    byte[] tail = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8);
    byte[] all = new byte[head.length + content.length + tail.length];
    System.arraycopy(head, 0, all, 0, head.length);
    System.arraycopy(content, 0, all, head.length, content.length);
    System.arraycopy(tail, 0, all, head.length + content.length, tail.length);
    return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
            + "/api/v1/merchant/disputes/" + disputeId + "/files"))
        .header("Authorization", "Bearer " + key)
        .header("Content-Type", "multipart/form-data; boundary=" + boundary)
        .POST(HttpRequest.BodyPublishers.ofByteArray(all)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> page(String path, TestUser reader) throws Exception {
    return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .header("Cookie", IdentityApi.SESSION_COOKIE + "=" + users.webSession(reader))
        .header("Accept", "text/html").GET().build(), HttpResponse.BodyHandlers.ofString());
  }

  private String code(HttpResponse<String> r) {
    return http.read(r).get("code").asString();
  }

  private static List<String> ids(JsonNode list) {
    return list.get("disputes").valueStream().map(x -> x.get("id").asString()).toList();
  }

  private String status(TestUser payer, UUID id) {
    return disputes.mine(payer.id(), id).orElseThrow().dispute().status();
  }

  private long wallet(TestUser user) {
    return payments.balances(user.id()).stream()
        .filter(b -> b.currency().equals(Currency.getInstance("USD")))
        .mapToLong(b -> b.balance().amountMinor()).sum();
  }

  private long available(TestUser user) {
    return payments.balances(user.id()).stream()
        .filter(b -> b.currency().equals(Currency.getInstance("USD")))
        .mapToLong(b -> b.available().amountMinor()).sum();
  }

  private long merchantBalance(TestMerchants.Created m) {
    return merchantsApi.balances(m.merchantId()).stream()
        .filter(b -> b.currency().getCurrencyCode().equals("USD"))
        .mapToLong(MerchantsApi.Balance::balanceMinor).sum();
  }

  private long merchantAvailable(TestMerchants.Created m) {
    return merchantsApi.balances(m.merchantId()).stream()
        .filter(b -> b.currency().getCurrencyCode().equals("USD"))
        .mapToLong(MerchantsApi.Balance::availableMinor).sum();
  }
}
