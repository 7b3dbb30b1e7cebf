package org.okpay.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Year;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.okpay.OkPayTest;
import org.okpay.TestUsers;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The money pages over real HTTP with a session cookie, as a browser sends them: the review's
 * idempotency key makes a repeated confirmation one payment, one user never sees another's
 * transaction, bad input is a form error or a 4xx page (never a 500), and the CSV download.
 */
@OkPayTest
class MoneyPagesWebTest {

  private static final String PASSWORD = "Velvet-Otter-Harbor-7193";
  private static final Pattern HIDDEN =
      Pattern.compile("<input type=\"hidden\" name=\"([^\"]+)\" value=\"([^\"]*)\"");

  @LocalServerPort int port;
  @Autowired JsonMapper json;
  @Autowired TestUsers users;
  @Autowired JdbcClient jdbc;

  @Test
  void confirmingTheSameReviewTwiceIsOnePayment() throws Exception {
    Session alice = new Session(verifiedUser());
    alice.addCard("4242424242424242");
    Map<String, String> review = alice.review("top-up",
        Map.of("source", "card:" + alice.firstCardId(), "amount", "40.00", "currency", "USD"));

    HttpResponse<String> first = alice.post("/account/money/top-up/confirm", review);
    HttpResponse<String> second = alice.post("/account/money/top-up/confirm", review);

    assertThat(first.statusCode()).as(first.body()).isEqualTo(302);
    assertThat(second.headers().firstValue("Location"))
        .isEqualTo(first.headers().firstValue("Location"));
    assertThat(alice.get("/account/money").body()).contains("$40.00").doesNotContain("$80.00");
  }

  @Test
  void anotherUsersTransactionIsNotFoundOnEveryPage() throws Exception {
    Session alice = new Session(verifiedUser());
    alice.addCard("4242424242424242");
    String txPath = alice.confirm("top-up", Map.of("source", "card:" + alice.firstCardId(),
        "amount", "5.00", "currency", "USD"));
    Session bob = new Session(verifiedUser());

    assertThat(alice.get(txPath).statusCode()).isEqualTo(200);
    assertThat(bob.get(txPath).statusCode()).isEqualTo(404);
    assertThat(bob.get(txPath + "/tracker").statusCode()).isEqualTo(404);
    assertThat(bob.post(txPath + "/complaint", Map.of("message", "mine?")).statusCode())
        .isEqualTo(404);
    assertThat(bob.get("/account/money/transactions/" + UUID.randomUUID()).statusCode())
        .isEqualTo(404);
    assertThat(bob.get("/account/money/transactions").body()).doesNotContain(txPath);
  }

  /**
   * A review is a GET of a stored draft: reloading it (or asking for it in the other language)
   * shows the same payment with the same key, and only its owner can open it.
   */
  @Test
  void aReviewIsADraftOfItsOwnerThatAReloadShowsAgain() throws Exception {
    Session alice = new Session(verifiedUser());
    alice.addCard("4242424242424242");
    HttpResponse<String> posted = alice.postOnly("/account/money/top-up/review",
        Map.of("source", "card:" + alice.firstCardId(), "amount", "7.00", "currency", "USD"));
    assertThat(posted.statusCode()).as(posted.body()).isEqualTo(303);
    URI location = URI.create(posted.headers().firstValue("Location").orElseThrow());
    String review = location.getRawPath() + "?" + location.getRawQuery();
    assertThat(review).contains("/account/money/top-up/review?draft=");

    HttpResponse<String> first = alice.get(review + "&lang=en");
    HttpResponse<String> again = alice.get(review + "&lang=zh-CN");
    assertThat(first.statusCode()).isEqualTo(200);
    assertThat(again.statusCode()).isEqualTo(200);
    assertThat(again.body()).contains("lang=\"zh-CN\"");
    String key = hidden(first.body().substring(first.body().indexOf("id=\"confirm-form\"")))
        .get("idempotencyKey");
    assertThat(hidden(again.body().substring(again.body().indexOf("id=\"confirm-form\"")))
        .get("idempotencyKey")).isEqualTo(key);

    // A language switch on a page a POST once answered is a GET of that address: never a 405.
    for (String postOnly : java.util.List.of("/account/money/top-up/confirm?lang=zh-CN",
        "/account/money/top-up/edit?lang=en", "/account/two-factor/confirm?lang=zh-CN",
        "/login/two-factor?lang=zh-CN", "/compromised?lang=en", "/register/sent?lang=en")) {
      assertThat(alice.get(postOnly).statusCode()).as(postOnly).isEqualTo(302);
    }

    Session bob = new Session(verifiedUser());
    HttpResponse<String> stranger = bob.get(review);
    assertThat(stranger.statusCode()).isEqualTo(302);
    assertThat(stranger.headers().firstValue("Location").orElseThrow())
        .contains("/account/money/top-up?draft=expired");
    assertThat(bob.get("/account/money/top-up?draft=expired").body()).contains("id=\"draft-expired\"")
        .doesNotContain("7.00");
  }

  @Test
  void badInputIsShownInWordsNeverAsAServerError() throws Exception {
    Session pat = new Session(verifiedUser());
    pat.addCard("4242424242424242");

    HttpResponse<String> tooPrecise = pat.post("/account/money/top-up/review", Map.of(
        "source", "card:" + pat.firstCardId(), "amount", "1.001", "currency", "USD"));
    assertThat(tooPrecise.statusCode()).isEqualTo(400);
    assertThat(tooPrecise.body()).contains("data-code=\"validation_failed\"")
        .contains("no more decimals than the currency has");
    HttpResponse<String> yen = pat.post("/account/money/send/review", Map.of(
        "recipient", "nobody@example.com", "amount", "10.5", "currency", "JPY"));
    assertThat(yen.statusCode()).isEqualTo(400);
    HttpResponse<String> noKey = pat.post("/account/money/top-up/confirm", Map.of(
        "source", "card:" + pat.firstCardId(), "amount", "1.00", "currency", "USD"));
    assertThat(noKey.statusCode()).isEqualTo(400);
    assertThat(pat.get("/account/money/transactions?type=lottery").statusCode()).isEqualTo(400);
    assertThat(pat.get("/account/money/transactions?from=yesterday").statusCode()).isEqualTo(400);
    assertThat(pat.get("/account/money/statements/2026-13").statusCode()).isEqualTo(404);
    assertThat(pat.get("/account/money/transactions/not-an-id").statusCode()).isEqualTo(404);
  }

  @Test
  void theHistoryDownloadsAsCsvWithItsFilters() throws Exception {
    Session pat = new Session(verifiedUser());
    pat.addCard("4242424242424242");
    pat.confirm("top-up", Map.of("source", "card:" + pat.firstCardId(), "amount", "7.00",
        "currency", "USD"));

    HttpResponse<String> csv = pat.get("/account/money/transactions.csv?currency=USD");
    HttpResponse<String> none = pat.get("/account/money/transactions.csv?currency=JPY");

    assertThat(csv.statusCode()).isEqualTo(200);
    assertThat(csv.headers().firstValue("Content-Type")).hasValueSatisfying(
        t -> assertThat(t).startsWith("text/csv"));
    assertThat(csv.headers().firstValue("Content-Disposition")).hasValueSatisfying(
        d -> assertThat(d).startsWith("attachment").contains("okpay-transactions-"));
    assertThat(csv.body().lines().count()).isEqualTo(2);
    assertThat(csv.body()).contains("7.00");
    assertThat(none.body().lines().count()).isEqualTo(1);
    assertThat(pat.get("/account/money/statements/" + YearMonth.now(ZoneOffset.UTC)).body())
        .contains("$7.00");
    HttpResponse<String> month = pat.get("/account/money/statements/"
        + YearMonth.now(ZoneOffset.UTC) + ".csv");
    HttpResponse<String> lastMonth = pat.get("/account/money/statements/"
        + YearMonth.now(ZoneOffset.UTC).minusMonths(1) + ".csv");
    assertThat(month.headers().firstValue("Content-Disposition")).hasValueSatisfying(
        d -> assertThat(d).startsWith("attachment").contains("okpay-statement-"
            + YearMonth.now(ZoneOffset.UTC)));
    assertThat(month.body().lines().toList()).isEqualTo(csv.body().lines().toList());
    assertThat(lastMonth.body().lines().count()).isEqualTo(1);
  }

  @Test
  void anExpiredQuoteComesBackAsANewOneToConfirmAgain() throws Exception {
    Session pat = new Session(verifiedUser());
    pat.addCard("4242424242424242");
    pat.confirm("top-up", Map.of("source", "card:" + pat.firstCardId(), "amount", "100.00",
        "currency", "USD"));
    Map<String, String> review = pat.review("convert",
        Map.of("from", "USD", "to", "EUR", "amount", "20.00"));
    // The clock is shared by every test, so the quote is aged in its row instead.
    jdbc.sql("""
        update payments.fx_quotes
           set created_at = now() - interval '10 minutes', expires_at = now() - interval '1 second'
         where id = :id
        """).param("id", UUID.fromString(review.get("quoteId"))).update();

    HttpResponse<String> expired = pat.post("/account/money/convert/confirm", review);

    assertThat(expired.statusCode()).isEqualTo(409);
    assertThat(expired.body()).contains("id=\"quote-renewed\"")
        .contains("data-code=\"quote_expired\"");
    Map<String, String> renewed = hidden(
        expired.body().substring(expired.body().indexOf("id=\"confirm-form\"")));
    assertThat(renewed.get("quoteId")).isNotEqualTo(review.get("quoteId"));
    assertThat(renewed.get("idempotencyKey")).isNotEqualTo(review.get("idempotencyKey"));
    HttpResponse<String> done = pat.post("/account/money/convert/confirm", renewed);
    assertThat(done.statusCode()).as(done.body()).isEqualTo(302);
    assertThat(pat.get(URI.create(done.headers().firstValue("Location").orElseThrow()).getPath())
        .body()).contains("data-state=\"completed\"");
  }

  @Test
  void aLateTransferCanBeReportedOnceFromItsTracker() throws Exception {
    Session pat = new Session(verifiedUser());
    pat.addCard("4000000000000507"); // the card network times out: the outcome is unknown
    String txPath = pat.confirm("top-up", Map.of("source", "card:" + pat.firstCardId(),
        "amount", "9.00", "currency", "USD"));
    String page = pat.get(txPath).body();
    assertThat(page).contains("data-state=\"processing\"")
        .contains("you will not be charged twice").doesNotContain("id=\"complaint-form\"");
    HttpResponse<String> early = pat.post(txPath + "/complaint", Map.of("message", "Where?"));
    assertThat(early.statusCode()).isEqualTo(409);
    assertThat(early.body()).contains("data-code=\"complaint_too_early\"");

    // The bank is late: the expected time is moved into the past instead of waiting for it.
    jdbc.sql("""
        update payments.transactions set expected_at = now() - interval '1 hour' where id = :id
        """).param("id", UUID.fromString(txPath.replaceAll(".*/", ""))).update();
    assertThat(pat.get(txPath).body()).contains("id=\"tx-delayed\"")
        .contains("id=\"complaint-form\"");
    HttpResponse<String> filed = pat.post(txPath + "/complaint",
        Map.of("message", "The money is not in my account"));
    HttpResponse<String> again = pat.post(txPath + "/complaint", Map.of("message", "Still"));

    assertThat(filed.statusCode()).isEqualTo(302);
    assertThat(pat.get(txPath + "?complaint").body()).contains("id=\"complaint-recorded\"")
        .doesNotContain("id=\"complaint-form\"");
    assertThat(again.statusCode()).isEqualTo(409);
    assertThat(again.body()).contains("data-code=\"complaint_already_filed\"");
  }

  @Test
  void aWithdrawalHoldsTheAmountUntilTheBankConfirms() throws Exception {
    Session pat = new Session(verifiedUser());
    pat.addCard("4242424242424242");
    pat.confirm("top-up", Map.of("source", "card:" + pat.firstCardId(), "amount", "50.00",
        "currency", "USD"));
    String bank = pat.addBankAccount("000444444440"); // a slow bank: the transfer stays in transit

    HttpResponse<String> review = pat.post("/account/money/withdraw/review",
        Map.of("bankAccountId", bank, "amount", "20.00"));
    assertThat(review.body()).contains("•••• 4440").contains("$20.00")
        .contains("id=\"review-arrives\"").doesNotContain("Usually within one business day");
    String txPath = pat.confirm("withdraw", Map.of("bankAccountId", bank, "amount", "20.00"));

    assertThat(pat.get(txPath).body()).contains("data-state=\"processing\"")
        .contains("id=\"tx-expected\"");
    String wallet = pat.get("/account/money").body();
    Matcher row = Pattern.compile("balance-amount\"[^>]*>([^<]+)<.*?balance-available\"[^>]*>([^<]+)<",
        Pattern.DOTALL).matcher(wallet);
    assertThat(row.find()).isTrue();
    assertThat(row.group(1)).isEqualTo("$50.00");
    assertThat(row.group(2)).isNotEqualTo("$50.00").startsWith("$2");
  }

  /**
   * The API and the history page read a filter with one reader: for the same filter they list the
   * same transactions, at the edge of the end date too (a date includes its whole day in the
   * user's time zone, here Asia/Shanghai, UTC+8; an instant is the first moment left out), and
   * refuse the same bad filter with the same code.
   */
  @Test
  void theApiAndThePageListTheSameTransactionsForTheSameFilter() throws Exception {
    Session pat = new Session(verifiedUser());
    pat.addCard("4242424242424242");
    String lastSecond = txId(pat.confirm("top-up", Map.of("source", "card:" + pat.firstCardId(),
        "amount", "3.00", "currency", "USD")));
    String nextDay = txId(pat.confirm("top-up", Map.of("source", "card:" + pat.firstCardId(),
        "amount", "4.00", "currency", "USD")));
    // The last moment of 10 March and the first of 11 March in Shanghai.
    setCreatedAt(lastSecond, "2026-03-10T15:59:59.999Z");
    setCreatedAt(nextDay, "2026-03-10T16:00:00Z");
    String bearer = pat.bearer();
    HttpResponse<String> zone = api("PATCH", "/api/v1/me", bearer,
        "{\"timeZone\":\"Asia/Shanghai\"}");
    assertThat(zone.statusCode()).as(zone.body()).isEqualTo(200);

    Map<String, java.util.Set<String>> expected = new LinkedHashMap<>();
    expected.put("to=2026-03-10", java.util.Set.of(lastSecond));
    expected.put("from=2026-03-10&to=2026-03-10", java.util.Set.of(lastSecond));
    expected.put("from=2026-03-11&to=2026-03-11", java.util.Set.of(nextDay));
    expected.put("to=2026-03-11", java.util.Set.of(lastSecond, nextDay));
    expected.put("to=2026-03-10T16:00:00Z", java.util.Set.of(lastSecond));
    expected.put("from=2026-03-10T16:00:00Z&to=2026-03-12", java.util.Set.of(nextDay));
    for (Map.Entry<String, java.util.Set<String>> filter : expected.entrySet()) {
      HttpResponse<String> api = apiGet("/api/v1/me/transactions?" + filter.getKey(), bearer);
      assertThat(api.statusCode()).as(api.body()).isEqualTo(200);
      java.util.Set<String> byApi = new java.util.HashSet<>();
      json.readTree(api.body()).get("transactions").forEach(t -> byApi.add(t.get("id").asString()));
      HttpResponse<String> page = pat.get("/account/money/transactions?" + filter.getKey());
      assertThat(page.statusCode()).as(page.body()).isEqualTo(200);
      java.util.Set<String> byPage = new java.util.HashSet<>();
      Matcher link = Pattern.compile("/account/money/transactions/([0-9a-f-]{36})")
          .matcher(page.body());
      while (link.find()) {
        byPage.add(link.group(1));
      }
      assertThat(byApi).as("API, " + filter.getKey()).isEqualTo(filter.getValue());
      assertThat(byPage).as("page, " + filter.getKey()).isEqualTo(filter.getValue());
    }

    HttpResponse<String> apiBad = apiGet("/api/v1/me/transactions?from=2026-03-11&to=2026-03-10",
        bearer);
    HttpResponse<String> pageBad = pat.get("/account/money/transactions?from=2026-03-11"
        + "&to=2026-03-10");
    assertThat(apiBad.statusCode()).isEqualTo(400);
    assertThat(json.readTree(apiBad.body()).get("errors").get(0).get("code").asString())
        .isEqualTo("before_from");
    assertThat(json.readTree(apiBad.body()).get("errors").get(0).get("message").asString())
        .isEqualTo("the end date is before the start date");
    assertThat(pageBad.statusCode()).isEqualTo(400);
    assertThat(pageBad.body()).contains("data-code=\"validation_failed\"")
        .contains("To date: the end date is before the start date");
  }

  /**
   * A payment typed on a page and the same payment sent to the API are read by one reader: the
   * same mistake is the same code on the same field (the amount is named as each sent it).
   */
  @Test
  void theApiAndThePageRefuseTheSameMistakeWithTheSameCode() throws Exception {
    Session pat = new Session(verifiedUser());
    String bearer = pat.bearer();
    Map<String, String> page = Map.of("recipient", "nobody@example.com", "currency", "USD");
    Map<String, Object> api = Map.of("recipientEmail", "nobody@example.com", "currency", "USD");
    record Mistake(String pageAmount, Long apiAmountMinor, String code) {
    }
    for (Mistake m : java.util.List.of(new Mistake("0.00", 0L, "out_of_range"),
        new Mistake("-5", -500L, "out_of_range"), new Mistake("100000000000.01",
            10_000_000_000_001L, "out_of_range"))) {
      Map<String, String> typed = new LinkedHashMap<>(page);
      typed.put("amount", m.pageAmount());
      HttpResponse<String> onPage = pat.post("/account/money/send/review", typed);
      Map<String, Object> sent = new LinkedHashMap<>(api);
      sent.put("amountMinor", m.apiAmountMinor());
      HttpResponse<String> onApi = api("POST", "/api/v1/me/transfers/preview", bearer,
          json.writeValueAsString(sent));

      assertThat(onPage.statusCode()).isEqualTo(400);
      assertThat(onPage.body()).contains("data-field=\"amount\" data-error=\"" + m.code() + "\"");
      assertThat(onApi.statusCode()).isEqualTo(400);
      JsonNode error = json.readTree(onApi.body()).get("errors").get(0);
      assertThat(error.get("field").asString()).isEqualTo("amountMinor");
      assertThat(error.get("code").asString()).isEqualTo(m.code());
      assertThat(error.has("reason")).isFalse();
      assertThat(error.get("message").asString()).isNotBlank();
    }
    Map<String, String> noRecipient = Map.of("recipient", " ", "amount", "1.00", "currency",
        "USD");
    assertThat(pat.post("/account/money/send/review", noRecipient).body())
        .contains("data-field=\"recipient\" data-error=\"required\"");
    JsonNode apiNoRecipient = json.readTree(api("POST", "/api/v1/me/transfers/preview", bearer,
        json.writeValueAsString(Map.of("amountMinor", 100, "currency", "USD"))).body());
    assertThat(apiNoRecipient.get("errors").get(0).get("field").asString()).isEqualTo("recipient");
    assertThat(apiNoRecipient.get("errors").get(0).get("code").asString()).isEqualTo("required");
  }

  /** API clients read what an end date means where they look for it: the OpenAPI document. */
  @Test
  void theOpenApiDocumentSaysWhatAnEndDateMeans() throws Exception {
    HttpResponse<String> doc = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
        uri("/v3/api-docs")).build(), HttpResponse.BodyHandlers.ofString());
    Map<String, String> described = new LinkedHashMap<>();
    json.readTree(doc.body()).get("paths").get("/api/v1/me/transactions").get("get")
        .get("parameters").forEach(p -> described.put(p.get("name").asString(),
            p.path("description").asString()));

    assertThat(described).containsKeys("from", "to", "type", "status", "currency",
        "counterparty", "q", "cursor", "limit").doesNotContainKey("query");
    assertThat(described.get("to")).contains("last day included")
        .contains("first moment excluded");
  }

  private void setCreatedAt(String transactionId, String at) {
    assertThat(jdbc.sql("update payments.transactions set created_at = :at where id = :id")
        .param("at", java.time.OffsetDateTime.parse(at)).param("id", UUID.fromString(transactionId))
        .update()).isEqualTo(1);
  }

  private static String txId(String txPath) {
    return txPath.substring(txPath.lastIndexOf('/') + 1);
  }

  private HttpResponse<String> apiGet(String path, String bearer) throws Exception {
    return HttpClient.newHttpClient().send(HttpRequest.newBuilder(uri(path))
        .header("Authorization", "Bearer " + bearer).header("Accept", "application/json")
        .build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void signedOutVisitorsAreSentToSignIn() throws Exception {
    HttpResponse<String> page = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
        uri("/account/money/transactions")).build(), HttpResponse.BodyHandlers.ofString());

    assertThat(page.statusCode()).isEqualTo(302);
    assertThat(page.headers().firstValue("Location")).hasValueSatisfying(
        l -> assertThat(l).contains("/login?next=%2Faccount%2Fmoney%2Ftransactions"));
  }

  // --- a browser's session over plain HTTP ---------------------------------------------------

  /** Signed in through the sign-in page; sends the page's CSRF token with every form. */
  private final class Session {

    final String email;
    private final HttpClient http = HttpClient.newBuilder().cookieHandler(new CookieManager())
        .build();
    private String csrf;

    Session(String email) throws Exception {
      this.email = email;
      csrf = hidden(get("/login").body()).get("_csrf");
      HttpResponse<String> signedIn = post("/login", Map.of("email", email, "password", PASSWORD));
      assertThat(signedIn.statusCode()).as(signedIn.body()).isEqualTo(302);
    }

    /** The review page's hidden fields: what its confirmation sends. */
    Map<String, String> review(String form, Map<String, String> fields) throws Exception {
      HttpResponse<String> review = post("/account/money/" + form + "/review", fields);
      assertThat(review.statusCode()).as(review.body()).isEqualTo(200);
      assertThat(review.body()).contains("id=\"confirm-form\"");
      String confirmForm = review.body().substring(review.body().indexOf("id=\"confirm-form\""));
      return hidden(confirmForm);
    }

    /** Reviews and confirms; returns the path of the transaction's page. */
    String confirm(String form, Map<String, String> fields) throws Exception {
      HttpResponse<String> done = post("/account/money/" + form + "/confirm", review(form, fields));
      assertThat(done.statusCode()).as(done.body()).isEqualTo(302);
      return URI.create(done.headers().firstValue("Location").orElseThrow()).getPath();
    }

    /** A bearer token of the same user, for the JSON API. */
    String bearer() throws Exception {
      HttpResponse<String> token = api("POST", "/api/v1/auth/tokens", null,
          json.writeValueAsString(Map.of("email", email, "password", PASSWORD)));
      return json.readTree(token.body()).get("token").asString();
    }

    void addCard(String number) throws Exception {
      String bearer = bearer();
      HttpResponse<String> added = api("POST", "/api/v1/me/cards", bearer,
          json.writeValueAsString(Map.of("number", number, "expiryMonth", 12,
              "expiryYear", Year.now().getValue() + 3, "cvc", "123", "holderName", "Pat Lee")));
      assertThat(added.statusCode()).as(added.body()).isBetween(200, 201);
    }

    /** A bank account in USD, verified at once by the sandbox; returns its id. */
    String addBankAccount(String accountNumber) throws Exception {
      String bearer = bearer();
      HttpResponse<String> added = api("POST", "/api/v1/me/bank-accounts", bearer,
          json.writeValueAsString(Map.of("holderName", "Pat Lee", "accountNumber", accountNumber,
              "bankCode", "110000000", "country", "US", "currency", "USD")));
      assertThat(added.statusCode()).as(added.body()).isEqualTo(201);
      assertThat(json.readTree(added.body()).get("state").asString()).isEqualTo("verified");
      return json.readTree(added.body()).get("id").asString();
    }

    String firstCardId() throws Exception {
      Matcher card = Pattern.compile("value=\"card:([0-9a-f-]{36})\"")
          .matcher(get("/account/money/top-up").body());
      assertThat(card.find()).isTrue();
      return card.group(1);
    }

    HttpResponse<String> get(String path) throws Exception {
      return http.send(HttpRequest.newBuilder(uri(path)).header("Accept", "text/html").build(),
          HttpResponse.BodyHandlers.ofString());
    }

    /** The POST alone, without following its redirect. */
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

    HttpResponse<String> post(String path, Map<String, String> fields) throws Exception {
      HttpResponse<String> posted = postOnly(path, fields);
      // Post/Redirect/Get: a review or a refused form is a page of its own, as a browser GETs it.
      if (posted.statusCode() == 303) {
        URI to = URI.create(posted.headers().firstValue("Location").orElseThrow());
        return get(to.getRawPath() + (to.getRawQuery() == null ? "" : "?" + to.getRawQuery()));
      }
      return posted;
    }
  }

  private static Map<String, String> hidden(String html) {
    Map<String, String> fields = new LinkedHashMap<>();
    Matcher input = HIDDEN.matcher(html);
    while (input.find()) {
      fields.putIfAbsent(input.group(1), input.group(2).replace("&amp;", "&"));
    }
    return fields;
  }

  private String verifiedUser() throws Exception {
    return users.user().create().email();
  }


  private HttpResponse<String> api(String method, String path, String bearer, String body)
      throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(uri(path))
        .header("Content-Type", "application/json")
        .header("Idempotency-Key", UUID.randomUUID().toString())
        .method(method, HttpRequest.BodyPublishers.ofString(body));
    if (bearer != null) {
      request.header("Authorization", "Bearer " + bearer);
    }
    return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private URI uri(String path) {
    return URI.create("http://127.0.0.1:" + port + path);
  }
}
