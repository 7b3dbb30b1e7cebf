package org.okpay.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Year;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.okpay.OkPayTest;
import org.okpay.TestUsers;
import org.okpay.identity.IdentityApi;
import org.okpay.merchants.CheckoutApi;
import org.okpay.merchants.RefundRequestsApi;
import org.okpay.merchants.TestMerchants;
import org.okpay.notify.DevMailbox;
import org.okpay.notify.MailboxMessage;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.json.JsonMapper;

/**
 * The help center over real HTTP, on real data: each category's self-check answers from the
 * customer's own payments (a declined card shows its code and its buttons, a late transfer shows
 * that its time has passed), a help link's topic leads to the right category, one customer never
 * sees another's data, the signed-out forms answer the same for addresses with and without an
 * account, the freeze link freezes once, the anti-phishing API, and every page in both languages.
 */
@OkPayTest
class HelpPagesWebTest {

  private static final String PASSWORD = TestUsers.PASSWORD;
  private static final Pattern HIDDEN =
      Pattern.compile("<input type=\"hidden\" name=\"([^\"]+)\" value=\"([^\"]*)\"");
  private static final String DECLINED_CARD = "4000000000000002";
  private static final String TIMEOUT_CARD = "4000000000000507";
  private static final Duration MAIL_WAIT = Duration.ofSeconds(15);

  @LocalServerPort int port;
  @Autowired JsonMapper json;
  @Autowired TestUsers users;
  @Autowired JdbcClient jdbc;
  @Autowired DevMailbox mailbox;
  @Autowired IdentityApi identity;
  @Autowired TestMerchants merchants;
  @Autowired CheckoutApi checkout;
  @Autowired RefundRequestsApi refundRequests;

  @Test
  void aDeclinedCardShowsItsCodeAndButtonsAndTheTopicLeadsThere() throws Exception {
    TestUsers.TestUser aliceUser = users.user().create();
    Session alice = new Session(aliceUser.email());
    alice.addCard(DECLINED_CARD);
    String txPath = alice.confirm("top-up", Map.of("source", "card:" + alice.firstCardId(),
        "amount", "12.00", "currency", "USD"));
    String txId = txPath.replaceAll(".*/", "");

    String page = alice.get("/help/payment-failed").body();
    assertThat(page).contains("data-transaction=\"" + txId + "\"")
        .contains("data-code=\"card_declined\"")
        .contains("<code class=\"failure-code\">card_declined</code>")
        .contains("data-action=\"use_another_card\"")
        .contains("/support/cases/new?category=payment_failed&amp;transaction=" + txId);

    // The "contact support" link of a failure, as NextStepButtons makes it.
    HttpResponse<String> topic = alice.getOnly("/help?topic=card_declined&transaction=" + txId);
    assertThat(topic.statusCode()).isEqualTo(302);
    String location = topic.headers().firstValue("Location").orElseThrow();
    assertThat(location).contains("/help/payment-failed").contains("transaction=" + txId);
    String focused = alice.get(URI.create(location).getRawPath() + "?"
        + URI.create(location).getRawQuery()).body();
    assertThat(focused).contains("id=\"focus\"").contains("id=\"focus-failure\"")
        .contains("id=\"help-topic\"").contains("id=\"open-case\"");

    // The same check as JSON.
    String checks = api("GET", "/api/v1/help/checks/payment_failed?transaction=" + txId,
        aliceUser.token(), null).body();
    assertThat(checks).contains("\"failure\":\"card_declined\"")
        .contains("\"use_another_card\"").contains("\"caseForm\"");
    assertThat(api("GET", "/api/v1/help/topics/card_declined", null, null).body())
        .contains("\"category\":\"payment_failed\"");
    assertThat(api("GET", "/api/v1/help/checks/payment_failed", null, null).statusCode())
        .isEqualTo(401);

    // Bob sees none of it, not even through Alice's transaction id in a link.
    TestUsers.TestUser bobUser = users.user().create();
    assertThat(api("GET", "/api/v1/help/checks/payment_failed?transaction=" + txId,
        bobUser.token(), null).body()).doesNotContain(txId);
    Session bob = new Session(bobUser.email());
    assertThat(bob.get("/help/payment-failed").body()).doesNotContain(txId)
        .contains("id=\"failed-none\"");
    HttpResponse<String> bobsTopic = bob.getOnly("/help?topic=card_declined&transaction=" + txId);
    assertThat(bobsTopic.headers().firstValue("Location").orElseThrow()).doesNotContain(txId);
    String bobsPage = bob.get("/help/payment-failed?topic=card_declined&transaction=" + txId)
        .body();
    // (The language links repeat the page's own query, so the id itself may appear there.)
    assertThat(bobsPage).doesNotContain("id=\"focus\"")
        .doesNotContain("data-transaction=\"" + txId + "\"");
  }

  @Test
  void aLateTransferShowsThatItsTimeHasPassed() throws Exception {
    Session pat = new Session(users.user().create().email());
    pat.addCard(TIMEOUT_CARD); // the network times out: the top-up stays processing
    String txPath = pat.confirm("top-up", Map.of("source", "card:" + pat.firstCardId(),
        "amount", "9.00", "currency", "USD"));
    String txId = txPath.replaceAll(".*/", "");

    String onTime = pat.get("/help/money-not-received").body();
    assertThat(onTime).contains("data-transaction=\"" + txId + "\"")
        .contains("data-late=\"false\"");

    jdbc.sql("update payments.transactions set expected_at = now() - interval '1 hour' where id = :id")
        .param("id", UUID.fromString(txId)).update();
    String late = pat.get("/help/money-not-received").body();
    assertThat(late).contains("data-late=\"true\"").contains("Time has passed")
        .contains("href=\"/account/money/transactions/" + txId + "\"");
    assertThat(pat.getOnly("/help?transaction=" + txId).headers().firstValue("Location")
        .orElseThrow()).contains("/help/money-not-received");

    Session other = new Session(users.user().create().email());
    assertThat(other.get("/help/money-not-received").body()).doesNotContain(txId)
        .contains("id=\"on-the-way-none\"");
  }

  @Test
  void signInLockIsShownForAnAddressWithoutTellingWhoHasAnAccount() throws Exception {
    String known = users.user().create().email();
    String unknown = "nobody-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
    Session visitor = new Session();
    assertThat(visitor.lockCheck(known)).contains("id=\"lock-none\"");
    assertThat(visitor.lockCheck(unknown)).contains("id=\"lock-none\"");

    for (String address : List.of(known, unknown)) {
      for (int i = 0; i < 5; i++) {
        visitor.post("/login", Map.of("email", address, "password", "wrong-password-" + i));
      }
    }
    String knownAnswer = visitor.lockCheck(known);
    String unknownAnswer = visitor.lockCheck(unknown);
    assertThat(knownAnswer).contains("id=\"lock-until\"");
    assertThat(unknownAnswer).contains("id=\"lock-until\"");
    assertThat(strip(knownAnswer, known)).isEqualTo(strip(unknownAnswer, unknown));
  }

  @Test
  void aSignedInUserSeesTheirOwnLockSecurityAndRefundChecks() throws Exception {
    Session sam = new Session(users.user().create().email());
    assertThat(sam.get("/help/sign-in").body()).contains("id=\"lock-none\"")
        .contains("id=\"reset-button\"");
    String security = sam.get("/help/account-security").body();
    assertThat(security).contains("id=\"security-not-frozen\"").contains("id=\"hacked-form\"")
        .contains("id=\"sessions-link\"").contains("id=\"phrase-link\"").contains("id=\"phishing\"");
    assertThat(sam.get("/help/refund").body()).contains("id=\"refunds-none\"");
    assertThat(sam.get("/help/other").body()).contains("/support/cases/new?category=other");
  }

  @Test
  void aRefundRequestShowsItsStateAndTheShopsAnswerByTime() throws Exception {
    TestMerchants.Created shop = merchants.merchant().businessName("Quay Lamp Works")
        .settlement("USD").create();
    TestUsers.TestUser payer = users.user().funded(50_000).create();
    CheckoutApi.Paid paid = checkout.pay(TestMerchants.current(payer), checkout.create(
        shop.merchantId(), UUID.randomUUID().toString(), new CheckoutApi.NewSession(4_000L,
            "USD", "Desk lamp", "L-1", null, null, null)).session().id(), null, null, null);
    RefundRequestsApi.RefundRequest asked = refundRequests.request(
        TestMerchants.current(payer), new RefundRequestsApi.NewRequest(null,
            paid.transaction().id(), 1_500L, "not_as_described", "The lamp flickers."));

    String page = new Session(payer.email()).get("/help/refund").body();
    assertThat(page).contains("data-request=\"" + asked.id() + "\"")
        .contains("data-status=\"requested\"").contains("Quay Lamp Works")
        .contains("class=\"answer-by\"").contains("The shop must answer by")
        .contains("/account/refunds?transaction=" + paid.transaction().id());
    assertThat(new Session(users.user().create().email()).get("/help/refund").body())
        .doesNotContain(asked.id().toString()).contains("id=\"refunds-none\"");
  }

  @Test
  void theSignedOutContactFormAnswersTheSameForEveryAddress() throws Exception {
    String known = users.user().create().email();
    String unknown = "nobody-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";

    String knownAnswer = new Session().contact(known, "I cannot get in");
    String unknownAnswer = new Session().contact(unknown, "I cannot get in");

    assertThat(knownAnswer).contains("id=\"contact-sent\"");
    assertThat(unknownAnswer).contains("id=\"contact-sent\"");
    assertThat(strip(knownAnswer, known).replaceAll("C-\\d{8}-[A-Z0-9]{4}", "C-REF"))
        .isEqualTo(strip(unknownAnswer, unknown).replaceAll("C-\\d{8}-[A-Z0-9]{4}", "C-REF"));
    for (String address : List.of(known, unknown)) {
      assertThat(jdbc.sql("""
          select count(*) from support.cases where contact_email = :e and customer_id is null
             and category = 'sign_in'
          """).param("e", address).query(Integer.class).single()).isEqualTo(1);
      // The cases module confirms by e-mail to the address given, account or not.
      awaitMail(address, 1);
    }
    String refused = new Session().contact("not-an-address", "");
    assertThat(refused).contains("data-code=\"validation_failed\"");
  }

  @Test
  void theFreezeLinkFreezesOnceAndUnknownAddressesGetTheSameAnswer() throws Exception {
    TestUsers.TestUser victim = users.user().create();
    String unknown = "nobody-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";

    String unknownAnswer = new Session().requestFreeze(unknown);
    String knownAnswer = new Session().requestFreeze(victim.email());
    assertThat(knownAnswer).contains("id=\"hacked-sent\"");
    assertThat(strip(knownAnswer, victim.email())).isEqualTo(strip(unknownAnswer, unknown));

    MailboxMessage mail = awaitMail(victim.email(), "Freeze", 1).get(0);
    assertThat(mailbox.latest(unknown, 10)).isEmpty(); // one worker, in order: it was handled
    String link = mail.links().stream().filter(l -> l.contains("/help/hacked/confirm"))
        .findFirst().orElseThrow();
    String token = link.replaceAll(".*token=", "");

    Session visitor = new Session();
    assertThat(visitor.get("/help/hacked/confirm?token=" + token).body())
        .contains("id=\"freeze-form\"");
    assertThat(identity.frozen(victim.id())).as("opening the link freezes nothing").isFalse();

    HttpResponse<String> frozen = visitor.post("/help/hacked/confirm", Map.of("token", token));
    assertThat(frozen.body()).contains("id=\"hacked-done\"");
    assertThat(identity.frozen(victim.id())).isTrue();
    assertThat(identity.recoveryState(victim.id()).stage())
        .isEqualTo(IdentityApi.RecoveryState.Stage.AWAITING_RESET);
    assertThat(awaitMail(victim.email(), "password", 1)).isNotEmpty(); // the reset link

    assertThat(jdbc.sql("""
        select count(*) from audit.events
         where action = 'identity.freeze_link_used' and subject_id = :u
        """).param("u", victim.id().toString()).query(Integer.class).single())
        .isEqualTo(1);
    HttpResponse<String> again = visitor.post("/help/hacked/confirm", Map.of("token", token));
    assertThat(again.statusCode()).isEqualTo(410);
    assertThat(again.body()).contains("id=\"freeze-link-dead\"");
    assertThat(visitor.get("/help/hacked/confirm?token=" + token).body())
        .contains("id=\"freeze-link-dead\"");
  }

  @Test
  void anExpiredFreezeLinkIsDead() throws Exception {
    TestUsers.TestUser user = users.user().create();
    new Session().requestFreeze(user.email());
    MailboxMessage mail = awaitMail(user.email(), "Freeze", 1).get(0);
    String token = mail.links().stream().filter(l -> l.contains("/help/hacked/confirm"))
        .findFirst().orElseThrow().replaceAll(".*token=", "");
    jdbc.sql("""
        update identity.freeze_links set created_at = now() - interval '2 hours',
               expires_at = now() - interval '1 hour' where user_id = :u
        """).param("u", user.id()).update();

    HttpResponse<String> late = new Session().post("/help/hacked/confirm", Map.of("token", token));
    assertThat(late.statusCode()).isEqualTo(410);
    assertThat(identity.frozen(user.id())).isFalse();
  }

  @Test
  void theAntiPhishingPhraseOverTheApiIsItsOwnersOnly() throws Exception {
    TestUsers.TestUser ann = users.user().create();
    TestUsers.TestUser ben = users.user().create();
    HttpResponse<String> set = api("PUT", "/api/v1/me/anti-phishing", ann.token(),
        "{\"phrase\":\"  Tom & Jerry  \"}");
    assertThat(set.statusCode()).as(set.body()).isEqualTo(200);
    assertThat(json.readTree(set.body()).get("phrase").asString()).isEqualTo("Tom & Jerry");
    assertThat(api("GET", "/api/v1/me/anti-phishing", ann.token(), null).body())
        .contains("Tom & Jerry");
    assertThat(api("GET", "/api/v1/me/anti-phishing", ben.token(), null).body())
        .contains("\"set\":false").doesNotContain("Tom");

    for (String bad : List.of("<b>hi</b>", "ab", "x".repeat(33), "line\\nbreak", "")) {
      HttpResponse<String> refused = api("PUT", "/api/v1/me/anti-phishing", ann.token(),
          "{\"phrase\":\"" + bad + "\"}");
      assertThat(refused.statusCode()).as(bad).isEqualTo(400);
      assertThat(refused.body()).contains("validation_failed").contains("phrase");
    }
    assertThat(api("PUT", "/api/v1/me/anti-phishing", null, "{\"phrase\":\"abc\"}").statusCode())
        .isEqualTo(401);
    assertThat(api("DELETE", "/api/v1/me/anti-phishing", ann.token(), null).statusCode())
        .isEqualTo(204);
    assertThat(api("GET", "/api/v1/me/anti-phishing", ann.token(), null).body())
        .contains("\"set\":false");

    Session page = new Session(ann.email());
    assertThat(page.post("/account/anti-phishing", Map.of("phrase", "blue teapot")).body())
        .contains("id=\"phrase-saved\"").contains("blue teapot");
    assertThat(new Session(ben.email()).get("/account/anti-phishing").body())
        .doesNotContain("blue teapot").contains("id=\"phrase-none\"");
  }

  @Test
  void everyHelpPageInBothLanguages() throws Exception {
    List<String> pages = List.of("/help", "/help/sign-in", "/help/payment-failed",
        "/help/money-not-received", "/help/account-security", "/help/refund", "/help/other",
        "/help/contact", "/help/hacked", "/help/hacked/confirm?token=nope", "/login");
    Session visitor = new Session();
    Session member = new Session(users.user().create().email());
    for (String lang : List.of("en", "zh-CN")) {
      for (String path : pages) {
        String withLang = path + (path.contains("?") ? "&" : "?") + "lang=" + lang;
        for (Session s : List.of(visitor, member)) {
          HttpResponse<String> page = s.get(withLang);
          assertThat(page.statusCode()).as(withLang).isIn(200, 302);
          if (page.statusCode() == 200) { // a member's contact form is the cases' own form
            assertThat(page.body()).as(withLang).doesNotContain("??")
                .contains("lang=\"" + lang + "\"").contains("id=\"nav-help\"");
          } else {
            assertThat(page.headers().firstValue("Location").orElseThrow())
                .contains("/support/cases/new");
          }
        }
      }
      assertThat(member.get("/account/anti-phishing?lang=" + lang).body()).doesNotContain("??")
          .contains("id=\"phrase-form\"");
    }
    assertThat(visitor.get("/help/payment-failed?lang=zh-CN").body()).contains("付款失败");
    assertThat(visitor.get("/login").body()).contains("id=\"login-hacked\"")
        .contains("href=\"/help/hacked\"");
    assertThat(visitor.get("/no-such-page").body()).contains("id=\"error-help\"");
  }

  // ---- helpers ----

  private static String strip(String html, String email) {
    return html.replace(email, "EMAIL").replaceAll("name=\"_csrf\" value=\"[^\"]+\"", "")
        .replaceAll("draft=[0-9a-f-]{36}", "draft")
        .replaceAll("name=\"requestId\" value=\"[^\"]+\"", "");
  }

  private List<MailboxMessage> awaitMail(String to, int count) {
    return awaitMail(to, "", count);
  }

  private List<MailboxMessage> awaitMail(String to, String subjectPart, int count) {
    return org.awaitility.Awaitility.await().atMost(MAIL_WAIT)
        .pollInterval(Duration.ofMillis(50))
        .until(() -> mailbox.latest(to, 20).stream()
            .filter(m -> m.subject().toLowerCase().contains(subjectPart.toLowerCase())).toList(),
            l -> l.size() >= count);
  }

  private HttpResponse<String> api(String method, String path, String bearer, String body)
      throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(uri(path))
        .header("Content-Type", "application/json")
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body));
    if (bearer != null) {
      request.header("Authorization", "Bearer " + bearer);
    }
    return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private URI uri(String path) {
    return URI.create("http://127.0.0.1:" + port + path);
  }

  private static Map<String, String> hidden(String html) {
    Map<String, String> fields = new LinkedHashMap<>();
    Matcher input = HIDDEN.matcher(html);
    while (input.find()) {
      fields.putIfAbsent(input.group(1), input.group(2).replace("&amp;", "&"));
    }
    return fields;
  }

  /** A browser: signed in, or a visitor. */
  private final class Session {

    private final String email;
    private final HttpClient http = HttpClient.newBuilder().cookieHandler(new CookieManager())
        .build();
    private final String csrf;

    Session() throws Exception {
      this.email = null;
      csrf = hidden(get("/login").body()).get("_csrf");
    }

    Session(String email) throws Exception {
      this.email = email;
      csrf = hidden(get("/login").body()).get("_csrf");
      HttpResponse<String> signedIn = post("/login", Map.of("email", email, "password", PASSWORD));
      assertThat(signedIn.statusCode()).as(signedIn.body()).isEqualTo(302);
    }

    String lockCheck(String address) throws Exception {
      return post("/help/sign-in/lock", Map.of("email", address)).body();
    }

    String contact(String address, String message) throws Exception {
      String form = get("/help/contact").body();
      Map<String, String> fields = new LinkedHashMap<>(hidden(form));
      fields.remove("_csrf");
      fields.put("email", address);
      fields.put("category", "sign_in");
      fields.put("message", message);
      return post("/help/contact", fields).body();
    }

    String requestFreeze(String address) throws Exception {
      return post("/help/hacked", Map.of("email", address)).body();
    }

    String confirm(String form, Map<String, String> fields) throws Exception {
      HttpResponse<String> review = post("/account/money/" + form + "/review", fields);
      assertThat(review.statusCode()).as(review.body()).isEqualTo(200);
      String confirmForm = review.body().substring(review.body().indexOf("id=\"confirm-form\""));
      HttpResponse<String> done = postOnly("/account/money/" + form + "/confirm",
          hidden(confirmForm));
      assertThat(done.statusCode()).as(done.body()).isEqualTo(302);
      return URI.create(done.headers().firstValue("Location").orElseThrow()).getPath();
    }

    void addCard(String number) throws Exception {
      HttpResponse<String> token = api("POST", "/api/v1/auth/tokens", null,
          json.writeValueAsString(Map.of("email", email, "password", PASSWORD)));
      String bearer = json.readTree(token.body()).get("token").asString();
      HttpResponse<String> added = api("POST", "/api/v1/me/cards", bearer,
          json.writeValueAsString(Map.of("number", number, "expiryMonth", 12,
              "expiryYear", Year.now().getValue() + 3, "cvc", "123", "holderName", "Pat Lee")));
      assertThat(added.statusCode()).as(added.body()).isBetween(200, 201);
    }

    String firstCardId() throws Exception {
      Matcher card = Pattern.compile("value=\"card:([0-9a-f-]{36})\"")
          .matcher(get("/account/money/top-up").body());
      assertThat(card.find()).isTrue();
      return card.group(1);
    }

    HttpResponse<String> get(String path) throws Exception {
      HttpResponse<String> response = getOnly(path);
      if (response.statusCode() == 302 && response.headers().firstValue("Location")
          .filter(l -> l.contains("/help")).isPresent()) {
        URI to = URI.create(response.headers().firstValue("Location").orElseThrow());
        return getOnly(to.getRawPath() + (to.getRawQuery() == null ? "" : "?" + to.getRawQuery()));
      }
      return response;
    }

    HttpResponse<String> getOnly(String path) throws Exception {
      return http.send(HttpRequest.newBuilder(uri(path)).header("Accept", "text/html").build(),
          HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> postOnly(String path, Map<String, String> fields) throws Exception {
      Map<String, String> form = new LinkedHashMap<>(fields);
      form.put("_csrf", csrf);
      String body = form.entrySet().stream()
          .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
          .collect(Collectors.joining("&"));
      return http.send(HttpRequest.newBuilder(uri(path)).header("Accept", "text/html")
          .header("Content-Type", "application/x-www-form-urlencoded")
          .POST(HttpRequest.BodyPublishers.ofString(body)).build(),
          HttpResponse.BodyHandlers.ofString());
    }

    /** Post/Redirect/Get, as a browser follows a 303. */
    HttpResponse<String> post(String path, Map<String, String> fields) throws Exception {
      HttpResponse<String> posted = postOnly(path, fields);
      if (posted.statusCode() == 303) {
        URI to = URI.create(posted.headers().firstValue("Location").orElseThrow());
        return getOnly(to.getRawPath() + (to.getRawQuery() == null ? "" : "?" + to.getRawQuery()));
      }
      return posted;
    }
  }
}
