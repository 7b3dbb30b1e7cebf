package org.okpay.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.okpay.TotpTestCodes;
import org.openqa.selenium.By;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.MessageSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The customer's money pages in a real browser, against the real payments module and its sandbox
 * rail: top up from a card, pay another user and see it in both histories, follow a transfer
 * abroad in the tracker until it arrives, a declined card, and the wallet in Chinese.
 */
class MoneyPagesBrowserTest extends BrowserTestSupport {

  private static final String PASSWORD = "Velvet-Otter-Harbor-7193";
  private static final String ADMIN = "test-admin-token"; // src/test/resources/config/application.yml
  private static final String APPROVED_CARD = "4242424242424242";
  private static final String DECLINED_CARD = "4000000000000002";

  @Autowired JsonMapper json;
  @Autowired MessageSource messages;

  private final HttpClient http = HttpClient.newHttpClient();

  @Test
  void topUpFromACardAndTheWalletShowsTheBalanceAndADoubleConfirmPaysOnce() throws Exception {
    String email = verifiedUser("USD");
    signInAt("/account/money", email);
    assertThat(balance("USD")).isEqualTo("$0.00");
    addCardOnItsPage(APPROVED_CARD);

    fillTopUp("100.00", "USD");
    assertThat(text("review-amount")).isEqualTo("$100.00");
    assertThat(text("review-receives")).isEqualTo("$100.00");
    assertThat(text("review-balance-after")).isEqualTo("$100.00");
    String key = driver.findElement(By.id("idempotency-key")).getDomAttribute("value");
    assertThat(UUID.fromString(key)).isNotNull();
    // The first click's request, sent again by the browser: the same key is one payment.
    String firstTry = confirmOutsideTheBrowser();
    screenshot("money-review");

    click("confirm-button");
    waitForState("completed");
    assertThat(driver.getCurrentUrl()).contains("/account/money/transactions/" + firstTry);
    assertThat(text("tx-amount")).isEqualTo("+$100.00");
    open("/account/money");
    assertThat(balance("USD")).isEqualTo("$100.00");
    assertThat(driver.findElements(By.cssSelector("#main .tx-row"))).hasSize(1);
    screenshot("money-wallet");
  }

  /**
   * Alice has two-factor on, so paying Bob (a new recipient) asks for a code on the review: a
   * wrong one asks again on the same review, a recovery code lets the payment go.
   */
  @Test
  void aPaymentToAnotherUserIsInBothHistories() throws Exception {
    String alice = verifiedUser("USD");
    String bob = verifiedUser("USD");
    addCard(alice, APPROVED_CARD);
    List<String> recoveryCodes = turnOnTwoFactor(alice);
    signInAt("/account/money", alice, recoveryCodes.get(0));
    fillTopUp("50.00", "USD");
    click("confirm-button");
    waitForState("completed");
    String topUpPath = URI.create(driver.getCurrentUrl()).getPath();

    open("/account/money/send");
    type("recipient", bob);
    type("amount", "12.50");
    new Select(driver.findElement(By.id("currency"))).selectByValue("USD");
    type("note", "Lunch");
    click("review-button");
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("review-total")));
    // Bob is "Pat": his masked name, and the part of his address before the @.
    assertThat(text("review-counterparty")).isEqualTo(
        "*at (" + bob.substring(0, bob.indexOf('@')) + "@…)");
    assertThat(text("review-receives")).isEqualTo("$12.50");
    String key = driver.findElement(By.id("idempotency-key")).getDomAttribute("value");
    type("code", "not-a-code");
    click("confirm-button");
    wait.until(ExpectedConditions.attributeToBe(By.id("form-problem"), "data-code",
        "invalid_second_factor"));
    assertThat(driver.findElement(By.id("idempotency-key")).getDomAttribute("value"))
        .isEqualTo(key);
    type("code", recoveryCodes.get(1));
    click("confirm-button");
    waitForState("completed");
    assertThat(text("tx-note")).isEqualTo("Lunch");

    open("/account/money/transactions");
    WebElement sent = historyRowWith(bob);
    assertThat(sent.findElement(By.cssSelector(".tx-amount")).getText()).isEqualTo("-$12.50");
    assertThat(sent.getText()).contains("Payment sent", "Completed");

    switchUser(bob, "/account/money/transactions");
    WebElement received = historyRowWith(alice);
    assertThat(received.findElement(By.cssSelector(".tx-amount")).getText()).isEqualTo("+$12.50");
    assertThat(received.getText()).contains("Payment received");
    open("/account/money");
    assertThat(balance("USD")).isEqualTo("$12.50");

    open(topUpPath); // Alice's top-up is not Bob's business: the same page as no such transaction
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.className("error-status")));
    assertThat(driver.findElement(By.className("error-status")).getText()).isEqualTo("404");
    assertThat(driver.getPageSource()).doesNotContain(alice);
  }

  /**
   * A new recipient abroad, from a device first seen today and without two-factor, is held for
   * an agent; once approved it goes to the rail, and the tracker follows it by itself (htmx)
   * until the sandbox's clock has moved past its settlement and reconciliation has settled it.
   */
  @Test
  void aTransferAbroadIsFollowedInTheTrackerUntilItArrives() throws Exception {
    String email = verifiedUser("USD");
    addCard(email, APPROVED_CARD);
    signInAt("/account/money", email);
    fillTopUp("200.00", "USD");
    click("confirm-button");
    waitForState("completed");

    open("/account/money/abroad");
    type("amount", "50.00");
    new Select(driver.findElement(By.id("from"))).selectByValue("USD");
    new Select(driver.findElement(By.id("to"))).selectByValue("EUR");
    type("holder", "Hanna Schmidt");
    type("account", "DE89 3704 0044 0532 0130 00");
    new Select(driver.findElement(By.id("country"))).selectByValue("DE");
    click("review-button");
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("review-rate")));
    assertThat(text("review-rate")).matches("1 USD = [0-9.]+ EUR · 1 EUR = [0-9.]+ USD");
    assertThat(text("review-rate-age")).matches("Rate updated (just now|\\d+ (minutes?|hours?|days?) ago)");
    // In the user's zone (a US user: New York), and how long the rate still holds.
    assertThat(text("review-quote-expires"))
        .containsPattern("Eastern (Standard|Daylight) Time \\(in \\d+ minutes?\\)");
    assertThat(text("review-receives")).matches("€[0-9,]+\\.[0-9]{2}");
    assertThat(driver.findElements(By.id("review-needed"))).hasSize(1);
    click("confirm-button");
    waitForState("on_hold");
    String id = URI.create(driver.getCurrentUrl()).getPath().replaceAll(".*/", "");

    adminPost("/api/v1/admin/payments/reviews/" + id + "/approve", "{}");
    // No reload: the tracker asks for news every 5 seconds by itself.
    waitForState("processing", Duration.ofSeconds(20));
    assertThat(text("tx-expected")).containsPattern("Eastern (Standard|Daylight) Time");
    assertThat(driver.findElements(By.cssSelector("#timeline .step")).size()).isGreaterThan(2);
    assertThat(trackerTrigger()).isEqualTo("every 5s");
    assertThat(text("tx-checking")).contains("you will not be charged twice");
    screenshot("money-tracker-processing");

    adminPost("/api/v1/admin/sandbox/advance", "{\"seconds\": 864000}");
    adminPost("/api/v1/admin/payments/reconciliation/run", "{}");

    waitForState("completed", Duration.ofSeconds(20));
    assertThat(trackerTrigger()).isNull();
    assertThat(driver.findElements(By.id("tx-done"))).hasSize(1);
    screenshot("money-tracker-completed");
  }

  @Test
  void aDeclinedCardShowsWhatToDoAndTheBalanceIsUnchanged() throws Exception {
    String email = verifiedUser("USD");
    addCard(email, DECLINED_CARD);
    signInAt("/account/money", email);

    fillTopUp("30.00", "USD");
    click("confirm-button");

    waitForState("failed");
    String code = driver.findElement(By.id("tx-failure")).getDomAttribute("data-code");
    assertThat(text("tx-failure-reason"))
        .isEqualTo(messages.getMessage("error." + code, null, Locale.ENGLISH));
    // A card top-up holds nothing: the reassurance is about the card, not a released hold.
    assertThat(text("tx-failure-next")).isEqualTo(
        messages.getMessage("money.reassure.card_not_charged", null, Locale.ENGLISH));
    screenshot("money-declined");
    open("/account/money");
    assertThat(balance("USD")).isEqualTo("$0.00");
    assertThat(driver.findElement(By.cssSelector("#main .tx-row .state-badge")).getDomAttribute(
        "data-state")).isEqualTo("failed");
  }

  @Test
  void theWalletSpeaksChinese() throws Exception {
    String email = verifiedUser("CNY");
    signInAt("/account/money?lang=zh-CN", email);

    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("balances")));
    assertThat(htmlLang()).isEqualTo("zh-CN");
    assertThat(driver.findElement(By.tagName("h1")).getText()).isEqualTo("我的钱包");
    assertThat(driver.findElement(By.id("balances-heading")).getText()).isEqualTo("我的余额");
    assertThat(driver.findElement(By.id("op-top-up")).getText()).isEqualTo("充值");
    assertThat(balance("CNY")).isEqualTo("¥0.00");
    screenshot("money-wallet-zh");
  }

  // --- page steps ----------------------------------------------------------------------------

  private void signInAt(String path, String email) {
    open("/login?next=" + java.net.URLEncoder.encode(path, java.nio.charset.StandardCharsets.UTF_8));
    signIn(email, PASSWORD);
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("nav-money")));
  }

  /** Signs in with the password, then the second factor's page. */
  private void signInAt(String path, String email, String code) {
    open("/login?next=" + java.net.URLEncoder.encode(path, java.nio.charset.StandardCharsets.UTF_8));
    signIn(email, PASSWORD);
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("two-factor-form")));
    type("code", code);
    click("two-factor-button");
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("nav-money")));
  }

  private void switchUser(String email, String path) {
    driver.executeCdpCommand("Network.clearBrowserCookies", Map.of());
    signInAt(path, email);
  }

  /** The cards page (the funding sources' own), reached from the top-up form's link. */
  private void addCardOnItsPage(String number) {
    open("/account/money/top-up");
    click("link-add-card");
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("card-form")));
    type("number", number);
    type("expiryMonth", "12");
    type("expiryYear", Integer.toString(java.time.Year.now().getValue() + 3));
    type("cvc", "123");
    type("holderName", "Pat Lee");
    click("add-card");
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("card-added")));
  }

  /** Fills the top-up form with the first card and stops on the review page. */
  private void fillTopUp(String amount, String currency) {
    open("/account/money/top-up");
    driver.findElement(By.id("source-card-0")).click();
    type("amount", amount);
    new Select(driver.findElement(By.id("currency"))).selectByValue(currency);
    click("review-button");
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("review-total")));
  }

  private void waitForState(String state) {
    waitForState(state, Duration.ofSeconds(10));
  }

  /** The tracker may be swapped by htmx between finding the badge and reading it: look again. */
  private void waitForState(String state, Duration max) {
    new WebDriverWait(driver, max).ignoring(StaleElementReferenceException.class)
        .until(ExpectedConditions.attributeToBe(By.cssSelector("#tracker .state-badge"),
            "data-state", state));
  }

  private WebElement historyRowWith(String counterparty) {
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("filter-form")));
    List<WebElement> rows = driver.findElements(By.cssSelector(".tx-row")).stream()
        .filter(r -> r.findElement(By.cssSelector(".tx-counterparty")).getText()
            .contains(counterparty)).toList();
    assertThat(rows).as("history rows with " + counterparty).hasSize(1);
    return rows.getFirst();
  }

  private String balance(String currency) {
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("balance-" + currency)));
    return driver.findElement(By.cssSelector("#balance-" + currency + " .balance-amount")).getText();
  }

  /**
   * Sends the review page's confirmation as the browser would, with its session and CSRF token,
   * and returns the transaction id it was sent to.
   */
  private String confirmOutsideTheBrowser() throws Exception {
    WebElement form = driver.findElement(By.id("confirm-form"));
    StringBuilder body = new StringBuilder();
    for (WebElement input : form.findElements(By.cssSelector("input[type=hidden]"))) {
      body.append(body.isEmpty() ? "" : "&").append(input.getDomAttribute("name")).append('=')
          .append(java.net.URLEncoder.encode(input.getDomAttribute("value"),
              java.nio.charset.StandardCharsets.UTF_8));
    }
    String cookies = driver.manage().getCookies().stream()
        .map(c -> c.getName() + "=" + c.getValue()).reduce((a, b) -> a + "; " + b).orElse("");
    HttpResponse<String> response = http.send(HttpRequest.newBuilder(
        URI.create(url(form.getDomAttribute("action"))))
        .header("Content-Type", "application/x-www-form-urlencoded").header("Cookie", cookies)
        .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(302);
    String location = response.headers().firstValue("Location").orElseThrow();
    return location.replaceAll(".*/transactions/([0-9a-f-]{36}).*", "$1");
  }

  private void type(String id, String text) {
    WebElement field = driver.findElement(By.id(id));
    field.clear();
    field.sendKeys(text);
  }

  private void click(String id) {
    submitAndWaitForNewPage(driver.findElement(By.id(id)));
  }

  /** Read afresh if htmx swapped the element between finding and reading it. */
  private String text(String id) {
    return wait.ignoring(StaleElementReferenceException.class)
        .until(d -> d.findElement(By.id(id)).getText());
  }

  private String trackerTrigger() {
    return wait.ignoring(StaleElementReferenceException.class)
        .until(d -> java.util.Optional.ofNullable(
            d.findElement(By.id("tracker")).getDomAttribute("hx-trigger")))
        .orElse(null);
  }

  // --- set-up through the API ------------------------------------------------------------------

  /** A registered user whose address is confirmed, so the wallet exists. */
  private String verifiedUser(String currency) throws Exception {
    return users.user().currency(currency).create().email();
  }


  private String token(String email) throws Exception {
    HttpResponse<String> response = api("POST", "/api/v1/auth/tokens", null,
        json.writeValueAsString(Map.of("email", email, "password", PASSWORD)));
    assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
    return json.readTree(response.body()).get("token").asString();
  }

  /** Two-factor on, as an authenticator app would do it; returns the recovery codes. */
  private List<String> turnOnTwoFactor(String email) throws Exception {
    String token = token(email);
    HttpResponse<String> started = api("POST", "/api/v1/me/two-factor", token, "{}");
    assertThat(started.statusCode()).as(started.body()).isEqualTo(201);
    byte[] secret = TotpTestCodes.base32(
        json.readTree(started.body()).get("secret").asString());
    HttpResponse<String> confirmed = api("POST", "/api/v1/me/two-factor/confirm", token,
        json.writeValueAsString(Map.of("code", TotpTestCodes.code(secret, 0))));
    assertThat(confirmed.statusCode()).as(confirmed.body()).isEqualTo(200);
    List<String> codes = new java.util.ArrayList<>();
    json.readTree(confirmed.body()).get("recoveryCodes").forEach(c -> codes.add(c.asString()));
    return codes;
  }

  private JsonNode addCard(String email, String number) throws Exception {
    HttpResponse<String> added = api("POST", "/api/v1/me/cards", token(email),
        json.writeValueAsString(Map.of("number", number, "expiryMonth", 12,
            "expiryYear", java.time.Year.now().getValue() + 3, "cvc", "123",
            "holderName", "Pat Lee")));
    assertThat(added.statusCode()).as(added.body()).isBetween(200, 201);
    return json.readTree(added.body());
  }

  private void adminPost(String path, String body) throws Exception {
    HttpResponse<String> response = api("POST", path, ADMIN, body);
    assertThat(response.statusCode()).as(path + " " + response.body()).isBetween(200, 204);
  }

  private HttpResponse<String> api(String method, String path, String bearer, String body)
      throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url(path)))
        .header("Content-Type", "application/json")
        .header("Idempotency-Key", UUID.randomUUID().toString())
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body));
    if (bearer != null) {
      request.header("Authorization", "Bearer " + bearer);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }
}
