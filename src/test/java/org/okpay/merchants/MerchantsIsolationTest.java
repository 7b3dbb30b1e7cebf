package org.okpay.merchants;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Currency;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.okpay.OkPayTest;
import org.okpay.TestUsers;
import org.okpay.identity.IdentityApi;
import org.okpay.ledger.LedgerApi;
import org.okpay.ledger.LedgerFixture;
import org.okpay.ledger.OpenAccount;
import org.okpay.ledger.OwnerType;
import org.okpay.merchants.MerchantsApi.ApiKey;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Merchant M1's key, owner and staff cannot see or touch anything of M2's, and the other way
 * round: every merchant endpoint and page answers 404 and changes nothing.
 */
@OkPayTest
class MerchantsIsolationTest {

  private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");
  private static final Pattern XSRF_COOKIE = Pattern.compile("XSRF-TOKEN=([^;]+)");

  @LocalServerPort int port;
  @Autowired JsonMapper json;
  @Autowired TestUsers users;
  @Autowired TestMerchants merchants;
  @Autowired MerchantsApi api;
  @Autowired LedgerApi ledger;

  MerchantHttp http;
  HttpClient pages = HttpClient.newHttpClient();

  /** One side: a merchant, its owner, a developer and the ids of things it owns. */
  record Side(TestMerchants.Created merchant, TestUsers.TestUser developer, UUID keyId,
      UUID inviteId) {
  }

  @BeforeEach
  void setUp() {
    http = new MerchantHttp(port, json);
  }

  @Test
  void neitherMerchantReachesTheOthersDataOverTheApiOrThePages() throws Exception {
    Side one = side("One");
    Side two = side("Two");
    Account funded = fund(two.merchant(), 7_000);

    check(one, two);
    check(two, one);

    // A key reaches only its own merchant's balance.
    assertThat(http.read(http.get("/api/v1/merchant/balance", one.merchant().secretKey()))
        .get("balances")).isEmpty();
    assertThat(http.read(http.get("/api/v1/merchant/balance", two.merchant().secretKey()))
        .get("balances").get(0).get("balanceMinor").asLong()).isEqualTo(funded.amountMinor());
    unchanged(one);
    unchanged(two);
  }

  @Test
  void onThePagesSupportSeesNeitherTheKeysTabNorTheKeysPage() throws Exception {
    TestMerchants.Created m = merchants.merchant().create();
    TestUsers.TestUser support = users.user().create();
    api.acceptInvite(support.current(), api.invite(TestMerchants.current(m.owner()),
        m.merchantId(), support.email(), MerchantRole.SUPPORT).id());
    String page = "/merchant/" + m.merchantId();

    String supportSession = users.webSession(support);
    HttpResponse<String> overview = pageGet(supportSession, page);
    assertThat(overview.statusCode()).isEqualTo(200);
    assertThat(overview.body()).contains("merchant-nav-staff").doesNotContain("merchant-nav-keys");
    assertThat(pageGet(supportSession, page + "/keys").statusCode()).isEqualTo(403);
    HttpResponse<String> staff = pageGet(supportSession, page + "/staff");
    assertThat(staff.body()).doesNotContain("invite-form").doesNotContain("change-role");

    String ownerSession = users.webSession(m.owner());
    assertThat(pageGet(ownerSession, page).body()).contains("merchant-nav-keys");
    assertThat(pageGet(ownerSession, page + "/staff").body()).contains("invite-form",
        "change-role");
  }

  record Account(long amountMinor) {
  }

  /** {@code me}'s owner and developer against {@code other}'s merchant, over JSON and pages. */
  private void check(Side me, Side other) throws Exception {
    UUID theirs = other.merchant().merchantId();
    UUID mine = me.merchant().merchantId();
    for (String token : List.of(me.merchant().owner().token(), me.developer().token())) {
      String base = "/api/v1/me/merchants/" + theirs;
      notFound(http.get(base, token), "merchant_not_found");
      notFound(http.get(base + "/keys", token), "merchant_not_found");
      notFound(http.send("POST", base + "/keys", Map.of("name", "x", "type", "restricted",
          "scopes", Map.of("webhooks", "read")), token), "merchant_not_found");
      notFound(http.send("POST", base + "/keys/" + other.keyId() + "/roll",
          Map.of("expiresIn", "now"), token), "merchant_not_found");
      notFound(http.send("POST", base + "/keys/" + other.keyId() + "/revoke", null, token),
          "merchant_not_found");
      notFound(http.get(base + "/staff", token), "merchant_not_found");
      notFound(http.send("POST", base + "/invites", Map.of("email", "a@example.com",
          "role", "owner"), token), "merchant_not_found");
      notFound(http.send("DELETE", base + "/invites/" + other.inviteId(), null, token),
          "merchant_not_found");
      notFound(http.send("POST", base + "/staff/" + other.merchant().owner().id(),
          Map.of("role", "support"), token), "merchant_not_found");
      notFound(http.send("DELETE", base + "/staff/" + other.merchant().owner().id(), null,
          token), "merchant_not_found");
      notFound(http.send("POST", "/api/v1/me/merchants/invites/" + other.inviteId() + "/accept",
          null, token), "invite_not_found");
      assertThat(http.read(http.get("/api/v1/me/merchants", token)).get("merchants")
          .findValuesAsString("id")).doesNotContain(theirs.toString());
    }
    // Their ids under my own merchant's path: still not found.
    String own = "/api/v1/me/merchants/" + mine;
    String owner = me.merchant().owner().token();
    notFound(http.send("POST", own + "/keys/" + other.keyId() + "/roll",
        Map.of("expiresIn", "now"), owner), "api_key_not_found");
    notFound(http.send("POST", own + "/keys/" + other.keyId() + "/revoke", null, owner),
        "api_key_not_found");
    notFound(http.send("DELETE", own + "/invites/" + other.inviteId(), null, owner),
        "invite_not_found");
    notFound(http.send("POST", own + "/staff/" + other.merchant().owner().id(),
        Map.of("role", "support"), owner), "staff_member_not_found");
    notFound(http.send("DELETE", own + "/staff/" + other.developer().id(), null, owner),
        "staff_member_not_found");
    // The merchant API has no merchant in its paths: a key is its merchant.
    assertThat(http.get("/api/v1/merchant/balance", me.merchant().secretKey()).statusCode())
        .isEqualTo(200);

    pagesOf(me, other);
  }

  private void pagesOf(Side me, Side other) throws Exception {
    String session = users.webSession(me.merchant().owner());
    String page = "/merchant/" + other.merchant().merchantId();
    for (String path : List.of(page, page + "/keys", page + "/staff")) {
      assertThat(pageGet(session, path).statusCode()).as(path).isEqualTo(404);
    }
    for (String path : List.of(page + "/keys", page + "/keys/" + other.keyId() + "/roll",
        page + "/keys/" + other.keyId() + "/revoke", page + "/staff/invites",
        page + "/staff/invites/" + other.inviteId() + "/cancel",
        page + "/staff/" + other.merchant().owner().id() + "/role",
        page + "/staff/" + other.merchant().owner().id() + "/remove",
        "/merchant/invites/" + other.inviteId() + "/accept")) {
      HttpResponse<String> response = pagePost(session, path,
          Map.of("name", "x", "type", "secret", "expiresIn", "now", "email", "a@example.com",
              "role", "owner"));
      assertThat(response.statusCode()).as(path + " " + response.body()).isEqualTo(404);
    }
    assertThat(pageGet(session, "/merchant").body())
        .doesNotContain(other.merchant().merchant().businessName());
  }

  /** Nothing of the side changed: its keys work, its invitation is open, its team is whole. */
  private void unchanged(Side side) {
    var owner = TestMerchants.current(side.merchant().owner());
    List<ApiKey> keys = api.keys(owner, side.merchant().merchantId());
    assertThat(keys).hasSize(2).allMatch(k -> k.revokedAt() == null && k.expiresAt() == null);
    assertThat(api.invites(owner, side.merchant().merchantId())).extracting(i -> i.id())
        .containsExactly(side.inviteId());
    assertThat(api.staff(owner, side.merchant().merchantId())).extracting(s -> s.role())
        .containsExactlyInAnyOrder(MerchantRole.OWNER, MerchantRole.DEVELOPER);
  }

  private Side side(String name) {
    TestMerchants.Created m = merchants.merchant().businessName("Isolated " + name + " "
        + UUID.randomUUID().toString().substring(0, 6)).create();
    merchants.key(m, Map.of(ApiResource.BALANCE, Access.READ));
    UUID keyId = api.keys(TestMerchants.current(m.owner()), m.merchantId()).get(0).id();
    TestUsers.TestUser developer = users.user().create();
    var owner = TestMerchants.current(m.owner());
    api.acceptInvite(developer.current(), api.invite(owner, m.merchantId(), developer.email(),
        MerchantRole.DEVELOPER).id());
    UUID inviteId = api.invite(owner, m.merchantId(), "later-" + UUID.randomUUID()
        + "@example.com", MerchantRole.SUPPORT).id();
    return new Side(m, developer, keyId, inviteId);
  }

  private Account fund(TestMerchants.Created m, long amountMinor) {
    var account = ledger.openAccount(new OpenAccount(OwnerType.MERCHANT,
        m.merchantId().toString(), Currency.getInstance("USD"), "balance"));
    new LedgerFixture(ledger).fund(account, amountMinor);
    return new Account(amountMinor);
  }

  private void notFound(HttpResponse<String> response, String code) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(404);
    assertThat(http.read(response).get("code").asString()).isEqualTo(code);
  }

  private HttpResponse<String> pageGet(String session, String path) throws Exception {
    return pages.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .header("Accept", "text/html")
        .header("Cookie", IdentityApi.SESSION_COOKIE + "=" + session).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** A form post as the browser sends it: with the CSRF cookie and field from a real page. */
  private HttpResponse<String> pagePost(String session, String path, Map<String, String> form)
      throws Exception {
    HttpResponse<String> page = pageGet(session, "/merchant");
    Matcher field = CSRF.matcher(page.body());
    assertThat(field.find()).isTrue();
    String cookie = page.headers().allValues("Set-Cookie").stream()
        .map(XSRF_COOKIE::matcher).filter(Matcher::find).map(m -> m.group(1)).findFirst()
        .orElseThrow();
    StringBuilder body = new StringBuilder("_csrf=" + enc(field.group(1)));
    form.forEach((k, v) -> body.append('&').append(enc(k)).append('=').append(enc(v)));
    return pages.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .header("Accept", "text/html")
        .header("Content-Type", "application/x-www-form-urlencoded")
        .header("Cookie", IdentityApi.SESSION_COOKIE + "=" + session + "; XSRF-TOKEN=" + cookie)
        .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static String enc(String text) {
    return URLEncoder.encode(text, StandardCharsets.UTF_8);
  }
}
