package org.okpay.merchants;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.okpay.OkPayTest;
import org.okpay.TestUsers;
import org.okpay.TestUsers.TestUser;
import org.okpay.notify.DevMailbox;
import org.okpay.notify.MailboxMessage;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The signed-in user's merchant API over real HTTP: onboarding and its rules, keys shown once,
 * rolls, invitations by e-mail, and what each role may see and do.
 */
@OkPayTest
class MyMerchantsApiTest {

  static final String MINE = "/api/v1/me/merchants";

  @LocalServerPort int port;
  @Autowired JsonMapper json;
  @Autowired TestUsers users;
  @Autowired TestMerchants merchants;
  @Autowired DevMailbox mailbox;

  MerchantHttp http;

  @BeforeEach
  void setUp() {
    http = new MerchantHttp(port, json);
  }

  @Test
  void aUserOnboardsAndIsTheVerifiedMerchantsOwnerWithTheDefaultRefundWindow() throws Exception {
    TestUser pat = users.user().create();
    Map<String, Object> body = onboarding();
    body.remove("refundWindowDays");

    HttpResponse<String> created = http.send("POST", MINE, body, pat.token());

    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    JsonNode merchant = http.read(created);
    assertThat(merchant.get("verification").asString()).isEqualTo("verified");
    assertThat(merchant.get("role").asString()).isEqualTo("owner");
    assertThat(merchant.get("refundWindowDays").asInt()).isEqualTo(180);
    assertThat(merchant.get("settlementCurrency").asString()).isEqualTo("EUR");
    JsonNode list = http.read(http.get(MINE, pat.token())).get("merchants");
    assertThat(list).hasSize(1);
    assertThat(list.get(0).get("id").asString()).isEqualTo(merchant.get("id").asString());
    JsonNode detail = http.read(http.get(MINE + "/" + merchant.get("id").asString(), pat.token()));
    assertThat(detail.get("balances")).isEmpty();
  }

  @Test
  void onboardingRefusesBadFieldsAllAtOnceAndMakesNothing() throws Exception {
    TestUser pat = users.user().create();
    Map<String, Object> body = onboarding();
    body.put("businessName", " ");
    body.put("category", "weapons");
    body.put("country", "XX");
    body.put("website", "ftp://shop.example");
    body.put("supportEmail", "not-an-address");
    body.put("settlementCurrency", "XYZ");
    body.put("refundWindowDays", 366);

    HttpResponse<String> refused = http.send("POST", MINE, body, pat.token());

    assertThat(refused.statusCode()).as(refused.body()).isEqualTo(400);
    JsonNode problem = http.read(refused);
    assertThat(problem.get("code").asString()).isEqualTo("validation_failed");
    assertThat(problem.get("errors").findValuesAsString("field")).contains("category");
    assertThat(http.read(http.get(MINE, pat.token())).get("merchants")).isEmpty();

    body = onboarding();
    body.put("category", "retail");
    body.put("refundWindowDays", 366);
    refused = http.send("POST", MINE, body, pat.token());
    assertThat(http.read(refused).get("errors").findValuesAsString("field"))
        .containsExactly("refundWindowDays");
    body.put("refundWindowDays", 365);
    assertThat(http.send("POST", MINE, body, pat.token()).statusCode()).isEqualTo(201);
  }

  @Test
  void aNewKeysSecretIsInTheCreateAnswerOnlyAndTheListShowsItsPrefix() throws Exception {
    TestMerchants.Created m = merchants.merchant().create();
    String keys = MINE + "/" + m.merchantId() + "/keys";

    HttpResponse<String> created = http.send("POST", keys, Map.of("name", "shop server",
        "type", "restricted", "scopes", Map.of("payments", "read", "checkout", "write")),
        m.owner().token());

    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    String secret = http.read(created).get("secret").asString();
    assertThat(secret).startsWith("okp_rk_test_");
    HttpResponse<String> list = http.get(keys, m.owner().token());
    assertThat(list.body()).doesNotContain(secret).contains(secret.substring(0, 16));
    JsonNode key = first(http.read(list).get("keys"), "name", "shop server");
    assertThat(key.get("scopes").get("payments").asString()).isEqualTo("read");
    assertThat(key.get("scopes").get("checkout").asString()).isEqualTo("write");
    assertThat(key.get("scopes").get("refunds").asString()).isEqualTo("none");
    assertThat(key.has("lastUsedAt")).as("never used").isFalse();
  }

  @Test
  void rollingOverTheApiWithAGraceGivesANewSecretAndAnExpiryOnTheOld() throws Exception {
    TestMerchants.Created m = merchants.merchant().create();
    String keys = MINE + "/" + m.merchantId() + "/keys";
    String oldId = first(http.read(http.get(keys, m.owner().token())).get("keys"), "type",
        "secret").get("id").asString();

    HttpResponse<String> rolled = http.send("POST", keys + "/" + oldId + "/roll",
        Map.of("expiresIn", "24h"), m.owner().token());

    assertThat(rolled.statusCode()).as(rolled.body()).isEqualTo(201);
    String secret = http.read(rolled).get("secret").asString();
    assertThat(http.get("/api/v1/merchant/balance", secret).statusCode()).isEqualTo(200);
    assertThat(http.get("/api/v1/merchant/balance", m.secretKey()).statusCode()).isEqualTo(200);
    JsonNode old = first(http.read(http.get(keys, m.owner().token())).get("keys"), "id", oldId);
    assertThat(java.time.Instant.parse(old.get("expiresAt").asString()))
        .isAfter(java.time.Instant.now().plus(Duration.ofHours(23)));

    HttpResponse<String> wrong = http.send("POST", keys + "/" + oldId + "/roll",
        Map.of("expiresIn", "2h"), m.owner().token());
    assertThat(wrong.statusCode()).isEqualTo(400);
    HttpResponse<String> revoked = http.send("POST", keys + "/" + oldId + "/revoke", null,
        m.owner().token());
    assertThat(revoked.statusCode()).as(revoked.body()).isEqualTo(200);
    assertThat(http.get("/api/v1/merchant/balance", m.secretKey()).statusCode()).isEqualTo(401);
    HttpResponse<String> again = http.send("POST", keys + "/" + oldId + "/roll",
        Map.of("expiresIn", "now"), m.owner().token());
    assertThat(again.statusCode()).isEqualTo(409);
    assertThat(http.read(again).get("code").asString()).isEqualTo("api_key_revoked");
  }

  @Test
  void anInvitedUserAcceptsWithTheInvitedAddressAndNobodyElseCan() throws Exception {
    TestMerchants.Created m = merchants.merchant().businessName("Harbour Books").create();
    TestUser dev = users.user().create();
    TestUser stranger = users.user().create();
    String base = MINE + "/" + m.merchantId();

    HttpResponse<String> invited = http.send("POST", base + "/invites",
        Map.of("email", dev.email().toUpperCase(), "role", "developer"), m.owner().token());

    assertThat(invited.statusCode()).as(invited.body()).isEqualTo(201);
    String inviteId = http.read(invited).get("id").asString();
    MailboxMessage mail = await().atMost(Duration.ofSeconds(10)).until(
        () -> mailbox.latest(dev.email(), 20).stream()
            .filter(message -> message.subject().contains("Harbour Books")).findFirst(),
        java.util.Optional::isPresent).orElseThrow();
    assertThat(mail.subject()).contains("Harbour Books");
    assertThat(mail.links()).anyMatch(link -> link.endsWith("/merchant"));

    HttpResponse<String> notYours = http.send("POST", MINE + "/invites/" + inviteId + "/accept",
        null, stranger.token());
    assertThat(notYours.statusCode()).isEqualTo(404);
    assertThat(http.read(notYours).get("code").asString()).isEqualTo("invite_not_found");
    assertThat(http.read(http.get(MINE + "/invites", stranger.token())).get("invites")).isEmpty();

    JsonNode mine = http.read(http.get(MINE + "/invites", dev.token())).get("invites");
    assertThat(mine).hasSize(1);
    assertThat(mine.get(0).get("merchantName").asString()).isEqualTo("Harbour Books");
    HttpResponse<String> accepted = http.send("POST", MINE + "/invites/" + inviteId + "/accept",
        null, dev.token());
    assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(200);
    assertThat(http.read(accepted).get("role").asString()).isEqualTo("developer");
    assertThat(http.send("POST", MINE + "/invites/" + inviteId + "/accept", null, dev.token())
        .statusCode()).isEqualTo(404);
    JsonNode staff = http.read(http.get(base + "/staff", m.owner().token())).get("staff");
    assertThat(staff.findValuesAsString("email")).contains(dev.email(), m.owner().email());
    assertThat(http.read(http.get(base + "/staff", m.owner().token())).get("invites")).isEmpty();
  }

  @Test
  void rolesLimitWhatStaffSeeAndDo() throws Exception {
    TestMerchants.Created m = merchants.merchant().create();
    TestUser dev = join(m, "developer");
    TestUser support = join(m, "support");
    String base = MINE + "/" + m.merchantId();

    // Developers see keys and make restricted keys within their own role, never secret keys.
    assertThat(http.get(base + "/keys", dev.token()).statusCode()).isEqualTo(200);
    expect(http.send("POST", base + "/keys", Map.of("name", "x", "type", "secret"),
        dev.token()), 403, "api_key_scope_missing");
    expect(http.send("POST", base + "/keys", Map.of("name", "x", "type", "restricted",
        "scopes", Map.of("refunds", "write")), dev.token()), 403, "api_key_scope_missing");
    assertThat(http.send("POST", base + "/keys", Map.of("name", "hooks", "type", "restricted",
        "scopes", Map.of("webhooks", "write", "payments", "read")), dev.token()).statusCode())
        .isEqualTo(201);
    String secretKeyId = first(http.read(http.get(base + "/keys", dev.token())).get("keys"),
        "type", "secret").get("id").asString();
    expect(http.send("POST", base + "/keys/" + secretKeyId + "/revoke", null, dev.token()), 403,
        "api_key_scope_missing");

    // Support sees neither keys nor the key forms; sees the team but cannot invite.
    expect(http.get(base + "/keys", support.token()), 403, "forbidden");
    expect(http.send("POST", base + "/keys", Map.of("name", "x", "type", "restricted",
        "scopes", Map.of("payments", "read")), support.token()), 403, "forbidden");
    assertThat(http.get(base + "/staff", support.token()).statusCode()).isEqualTo(200);
    assertThat(http.read(http.get(base + "/staff", support.token())).get("invites")).isEmpty();
    expect(http.send("POST", base + "/invites", Map.of("email", "x@example.com",
        "role", "owner"), support.token()), 403, "forbidden");
    expect(http.send("POST", base + "/staff/" + dev.id(), Map.of("role", "owner"),
        support.token()), 403, "forbidden");
    JsonNode supportView = http.read(http.get(base, support.token())).get("merchant");
    assertThat(supportView.get("scopes").get("webhooks").asString()).isEqualTo("none");
    assertThat(supportView.get("scopes").get("refunds").asString()).isEqualTo("write");

    // The owner changes roles; the last owner cannot stop being one, or leave.
    assertThat(http.send("POST", base + "/staff/" + support.id(), Map.of("role", "developer"),
        m.owner().token()).statusCode()).isEqualTo(200);
    assertThat(http.get(base + "/keys", support.token()).statusCode()).isEqualTo(200);
    expect(http.send("POST", base + "/staff/" + m.owner().id(), Map.of("role", "support"),
        m.owner().token()), 409, "merchant_needs_owner");
    expect(http.send("DELETE", base + "/staff/" + m.owner().id(), null, m.owner().token()), 409,
        "merchant_needs_owner");
    // Anyone may leave.
    assertThat(http.send("DELETE", base + "/staff/" + dev.id(), null, dev.token()).statusCode())
        .isEqualTo(204);
    expect(http.get(base, dev.token()), 404, "merchant_not_found");
  }

  @Test
  void aStaffMemberOnTheDashboardGetsTheirRolesScopes() {
    TestMerchants.Created m = merchants.merchant().create();
    TestUser support = join(m, "support");
    MerchantsApi api = merchantsApi;

    MerchantCaller caller = api.dashboardCaller(support.current(), m.merchantId()).orElseThrow();

    assertThat(caller.userId()).isEqualTo(support.id());
    assertThat(caller.apiKeyId()).isNull();
    assertThat(caller.allows(ApiResource.REFUNDS, Access.WRITE)).isTrue();
    assertThat(caller.allows(ApiResource.WEBHOOKS, Access.READ)).isFalse();
    assertThat(api.dashboardCaller(users.user().create().current(), m.merchantId())).isEmpty();
  }

  @Autowired MerchantsApi merchantsApi;

  /** A new user who accepted an invitation to the merchant with {@code role}. */
  private TestUser join(TestMerchants.Created m, String role) {
    TestUser user = users.user().create();
    MerchantsApi.Invite invite = merchantsApi.invite(TestMerchants.current(m.owner()),
        m.merchantId(), user.email(), MerchantRole.fromKey(role));
    merchantsApi.acceptInvite(user.current(), invite.id());
    return user;
  }

  private void expect(HttpResponse<String> response, int status, String code) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
    assertThat(http.read(response).get("code").asString()).isEqualTo(code);
  }

  private static JsonNode first(JsonNode array, String field, String value) {
    for (JsonNode node : array) {
      if (value.equals(node.get(field).asString())) {
        return node;
      }
    }
    throw new AssertionError("no element with " + field + "=" + value + " in " + array);
  }

  private static Map<String, Object> onboarding() {
    Map<String, Object> body = new HashMap<>();
    body.put("businessName", "Lantern Tea House");
    body.put("category", "food_and_drink");
    body.put("country", "CN");
    body.put("website", "https://lantern.example");
    body.put("supportEmail", "help@lantern.example");
    body.put("settlementCurrency", "EUR");
    body.put("refundPolicy", "Unopened tea within 30 days.");
    body.put("refundWindowDays", 30);
    return body;
  }
}
