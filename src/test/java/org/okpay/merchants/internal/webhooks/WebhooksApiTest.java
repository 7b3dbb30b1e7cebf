package org.okpay.merchants.internal.webhooks;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.okpay.OkPayTest;
import org.okpay.merchants.Access;
import org.okpay.merchants.ApiResource;
import org.okpay.merchants.MerchantCaller;
import org.okpay.merchants.MerchantHttp;
import org.okpay.merchants.TestMerchants;
import org.okpay.merchants.TestMerchants.Created;
import org.okpay.merchants.WebhooksApi;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The webhook endpoints API over real HTTP with real keys: CRUD, rotation, the delivery log and
 * resend; a key of one merchant never reaches another's endpoints (404 both ways); scopes hold.
 */
@OkPayTest
class WebhooksApiTest {

  private static final String ENDPOINTS = "/api/v1/merchant/webhook-endpoints";

  @LocalServerPort int port;
  @Autowired JsonMapper json;
  @Autowired TestMerchants merchants;
  @Autowired WebhookFixture fixture;
  @Autowired WebhooksApi webhooks;

  private final List<WebhookReceiver> receivers = new ArrayList<>();

  @AfterEach
  void cleanUp() {
    receivers.forEach(WebhookReceiver::close);
    fixture.forgetEndpoints();
  }

  private MerchantHttp http() {
    return new MerchantHttp(port, json);
  }

  private JsonNode create(Created merchant, String url, String... types) throws Exception {
    HttpResponse<String> created = http().send("POST", ENDPOINTS, Map.of("url", url,
        "description", "shop", "enabledEvents", List.of(types)), merchant.secretKey());
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    return http().read(created);
  }

  @Test
  void aMerchantManagesItsEndpointsAndSeesTheirDeliveries() throws Exception {
    WebhookReceiver receiver = new WebhookReceiver();
    receivers.add(receiver);
    Created m = fixture.created();
    JsonNode endpoint = create(m, receiver.url(), "payment.succeeded", "checkout.session.completed");
    String id = endpoint.get("id").asString();
    assertThat(endpoint.get("secret").asString()).matches("whsec_[A-Za-z0-9+/=]{44}");
    assertThat(endpoint.get("enabled").asBoolean()).isTrue();
    assertThat(endpoint.get("enabledEvents").valueStream().map(JsonNode::asString))
        .containsExactly("checkout.session.completed", "payment.succeeded");

    HttpResponse<String> list = http().get(ENDPOINTS, m.secretKey());
    assertThat(list.statusCode()).isEqualTo(200);
    assertThat(http().read(list).valueStream().map(e -> e.get("id").asString()))
        .containsExactly(id);

    HttpResponse<String> disabled = http().send("PATCH", ENDPOINTS + "/" + id,
        Map.of("enabled", false), m.secretKey());
    assertThat(disabled.statusCode()).as(disabled.body()).isEqualTo(200);
    assertThat(http().read(disabled).get("disabledReason").asString()).isEqualTo("merchant");
    HttpResponse<String> enabled = http().send("PATCH", ENDPOINTS + "/" + id,
        Map.of("enabled", true), m.secretKey());
    assertThat(http().read(enabled).get("enabled").asBoolean()).isTrue();

    HttpResponse<String> rotated = http().send("POST", ENDPOINTS + "/" + id + "/rotate-secret",
        null, m.secretKey());
    assertThat(rotated.statusCode()).isEqualTo(200);
    assertThat(http().read(rotated).get("secret").asString())
        .isNotEqualTo(endpoint.get("secret").asString());
    assertThat(http().read(rotated).get("previousSecretExpiresAt")).isNotNull();

    MerchantCaller caller = new MerchantCaller(m.merchantId(), UUID.randomUUID(), null,
        Map.of(ApiResource.WEBHOOKS, Access.WRITE));
    fixture.publish(caller, "payment.succeeded", "payment", UUID.randomUUID(), "succeeded");
    HttpResponse<String> log = http().get(ENDPOINTS + "/" + id + "/deliveries", m.secretKey());
    assertThat(log.statusCode()).isEqualTo(200);
    JsonNode delivery = http().read(log).get(0);
    assertThat(delivery.get("eventType").asString()).isEqualTo("payment.succeeded");
    assertThat(delivery.get("status").asString()).isEqualTo("pending");
    String deliveryPath = ENDPOINTS + "/" + id + "/deliveries/" + delivery.get("id").asString();
    assertThat(http().get(deliveryPath, m.secretKey()).statusCode()).isEqualTo(200);
    HttpResponse<String> resend = http().send("POST", deliveryPath + "/resend", null,
        m.secretKey());
    assertThat(resend.statusCode()).as(resend.body()).isEqualTo(202);

    HttpResponse<String> deleted = http().send("DELETE", ENDPOINTS + "/" + id, null,
        m.secretKey());
    assertThat(deleted.statusCode()).isEqualTo(204);
    HttpResponse<String> gone = http().get(ENDPOINTS + "/" + id, m.secretKey());
    assertThat(gone.statusCode()).isEqualTo(404);
    assertThat(http().read(gone).get("code").asString()).isEqualTo("webhook_endpoint_not_found");
  }

  @Test
  void oneMerchantsKeyNeverReachesAnothersEndpoints() throws Exception {
    Created m1 = fixture.created();
    Created m2 = fixture.created();
    String e1 = create(m1, "https://93.184.215.14/m1", "refund.created").get("id").asString();
    String e2 = create(m2, "https://93.184.215.14/m2", "refund.created").get("id").asString();
    MerchantCaller caller1 = new MerchantCaller(m1.merchantId(), UUID.randomUUID(), null,
        Map.of(ApiResource.WEBHOOKS, Access.WRITE));
    fixture.publish(caller1, "refund.created", "refund", UUID.randomUUID(), "pending");
    String d1 = webhooks.deliveries(caller1, UUID.fromString(e1), null, 1).getFirst().id()
        .toString();

    for (String[] pair : List.of(new String[] {m1.secretKey(), e2},
        new String[] {m2.secretKey(), e1})) {
      String key = pair[0];
      String other = ENDPOINTS + "/" + pair[1];
      assertThat(http().get(other, key).statusCode()).isEqualTo(404);
      assertThat(http().send("PATCH", other, Map.of("enabled", false), key).statusCode())
          .isEqualTo(404);
      assertThat(http().send("POST", other + "/rotate-secret", null, key).statusCode())
          .isEqualTo(404);
      assertThat(http().get(other + "/deliveries", key).statusCode()).isEqualTo(404);
      assertThat(http().send("DELETE", other, null, key).statusCode()).isEqualTo(404);
    }
    // m2 cannot reach m1's delivery even through its own endpoint's path.
    String crossed = ENDPOINTS + "/" + e2 + "/deliveries/" + d1;
    assertThat(http().get(crossed, m2.secretKey()).statusCode()).isEqualTo(404);
    assertThat(http().send("POST", crossed + "/resend", null, m2.secretKey()).statusCode())
        .isEqualTo(404);
    assertThat(http().read(http().get(ENDPOINTS, m2.secretKey())).valueStream()
        .map(e -> e.get("id").asString())).containsExactly(e2);
    // Nothing of m1's changed.
    JsonNode still = http().read(http().get(ENDPOINTS + "/" + e1, m1.secretKey()));
    assertThat(still.get("enabled").asBoolean()).isTrue();
    assertThat(still.get("previousSecretExpiresAt")).isNull();
  }

  @Test
  void aKeyWithoutWebhooksWriteCannotCreateOrChangeEndpoints() throws Exception {
    Created m = fixture.created();
    String id = create(m, "https://93.184.215.14/hooks", "payment.failed").get("id").asString();
    String readOnly = merchants.key(m, Map.of(ApiResource.WEBHOOKS, Access.READ));
    String paymentsOnly = merchants.key(m, Map.of(ApiResource.PAYMENTS, Access.WRITE));

    HttpResponse<String> refused = http().send("POST", ENDPOINTS, Map.of(
        "url", "https://93.184.215.14/other", "enabledEvents", List.of("payment.failed")),
        readOnly);
    assertThat(refused.statusCode()).as(refused.body()).isEqualTo(403);
    assertThat(http().read(refused).get("code").asString()).isEqualTo("api_key_scope_missing");
    assertThat(http().send("DELETE", ENDPOINTS + "/" + id, null, readOnly).statusCode())
        .isEqualTo(403);
    assertThat(http().send("POST", ENDPOINTS + "/" + id + "/rotate-secret", null, readOnly)
        .statusCode()).isEqualTo(403);

    HttpResponse<String> read = http().get(ENDPOINTS + "/" + id, readOnly);
    assertThat(read.statusCode()).isEqualTo(200);
    assertThat(http().read(read).get("secret")).as("read-only keys do not see the secret")
        .isNull();
    assertThat(http().get(ENDPOINTS, paymentsOnly).statusCode()).isEqualTo(403);
    assertThat(http().read(http().get(ENDPOINTS, m.secretKey()))).hasSize(1);
  }

  @Test
  void badInputIsA4xxProblemWithTheFieldAndNothingIsSaved() throws Exception {
    Created m = fixture.created();
    record Case(Map<String, Object> body, int status, String code) {
    }
    List<Case> cases = List.of(
        new Case(Map.of("url", "ftp://x.example/", "enabledEvents", List.of("refund.created")),
            400, "validation_failed"),
        new Case(Map.of("url", "https://93.184.215.14/", "enabledEvents", List.of()), 400,
            "validation_failed"),
        new Case(Map.of("url", "https://93.184.215.14/", "enabledEvents",
            List.of("refund.teleported")), 400, "validation_failed"),
        new Case(Map.of("url", "https://93.184.215.14/", "description", "d".repeat(201),
            "enabledEvents", List.of("refund.created")), 400, "validation_failed"),
        new Case(Map.of("url", "https://no-such-host.invalid/", "enabledEvents",
            List.of("refund.created")), 422, "webhook_url_unresolvable"));
    for (Case c : cases) {
      HttpResponse<String> answer = http().send("POST", ENDPOINTS, c.body(), m.secretKey());
      assertThat(answer.statusCode()).as(answer.body()).isEqualTo(c.status());
      assertThat(answer.headers().firstValue("content-type").orElseThrow())
          .startsWith("application/problem+json");
      assertThat(http().read(answer).get("code").asString()).isEqualTo(c.code());
    }
    for (int i = 0; i < 10; i++) {
      create(m, "https://93.184.215.14/" + i, "refund.created");
    }
    HttpResponse<String> full = http().send("POST", ENDPOINTS, Map.of(
        "url", "https://93.184.215.14/eleven", "enabledEvents", List.of("refund.created")),
        m.secretKey());
    assertThat(full.statusCode()).isEqualTo(409);
    assertThat(http().read(full).get("code").asString()).isEqualTo("webhook_endpoints_full");
    assertThat(http().read(http().get(ENDPOINTS, m.secretKey()))).hasSize(10);
  }
}
