package org.okpay.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.okpay.TestUsers.TestUser;
import org.okpay.payments.MoneyFixture;
import org.openqa.selenium.By;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.json.JsonMapper;

/**
 * Forms that keep what was typed (Post/Redirect/Get through stored drafts), say which field is
 * wrong, and help a worried sender, in Chromium in English and Chinese: the language switch on a
 * payment's review shows the same draft; a reload after a refusal keeps the input; each wrong
 * field carries aria-invalid and points at its message; an empty balance says to top up; recent
 * recipients are the user's own; the review masks the recipient's name; a high fee is pointed
 * out, on the review and in the live quote.
 */
class FormsBrowserTest extends BrowserTestSupport {

  @Autowired JsonMapper json;

  @Test
  void theLanguageSwitchOnAReviewShowsTheSameDraftInTheOtherLanguage() {
    TestUser alice = users.user().currency("USD").funded(10_000).create();
    TestUser bob = users.user().currency("USD").displayName("王小明").create();
    signInWithCookie(alice);

    open("/account/money/send?lang=en");
    type("recipient", bob.email());
    type("amount", "12.50");
    type("note", "Lunch");
    click("review-button");
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("review-total")));
    String reviewUrl = driver.getCurrentUrl();
    assertThat(reviewUrl).contains("/account/money/send/review?draft=");
    String key = driver.findElement(By.id("idempotency-key")).getDomAttribute("value");
    String local = bob.email().substring(0, bob.email().indexOf('@'));
    assertThat(text("review-counterparty")).isEqualTo("*小明 (" + local + "@…)");
    assertThat(text("summary-heading")).isEqualTo("Payment sent");

    click("lang-zh");
    wait.until(d -> "zh-CN".equals(htmlLang()));
    assertThat(driver.findElements(By.className("error-status"))).isEmpty();
    assertThat(driver.getCurrentUrl()).contains("/account/money/send/review?draft=");
    assertThat(text("review-amount")).contains("12.50");
    assertThat(text("review-counterparty")).isEqualTo("*小明 (" + local + "@…)");
    assertThat(text("summary-heading")).isNotEqualTo("Payment sent");
    assertThat(driver.findElement(By.id("idempotency-key")).getDomAttribute("value"))
        .isEqualTo(key);
    assertThat(driver.findElement(By.id("nav-money")).isDisplayed()).isTrue();

    driver.navigate().refresh();
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("review-total")));
    assertThat(text("review-amount")).contains("12.50");
    click("confirm-button");
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("tx-amount")));
    assertThat(driver.getCurrentUrl()).contains("/account/money/transactions/");
  }

  @Test
  void aRefusedFormKeepsItsInputOnReloadAndMarksEachWrongFieldInBothLanguages() {
    TestUser pat = users.user().currency("USD").funded(5_000).create();
    signInWithCookie(pat);

    open("/account/money/send?lang=en");
    type("recipient", "someone@example.com");
    type("amount", "1.001");
    click("review-button");
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("form-problem")));
    String english = fieldMessage("amount");
    assertThat(english).contains("decimals");
    assertThat(driver.findElement(By.id("recipient")).getDomAttribute("aria-invalid")).isNull();

    driver.navigate().refresh();
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("form-problem")));
    assertThat(driver.findElement(By.id("amount")).getDomProperty("value")).isEqualTo("1.001");
    assertThat(driver.findElement(By.id("recipient")).getDomProperty("value"))
        .isEqualTo("someone@example.com");
    assertThat(fieldMessage("amount")).isEqualTo(english);

    click("lang-zh");
    wait.until(d -> "zh-CN".equals(htmlLang()));
    assertThat(driver.findElement(By.id("amount")).getDomProperty("value")).isEqualTo("1.001");
    String chinese = fieldMessage("amount");
    assertThat(chinese).isNotEqualTo(english).containsPattern("\\p{IsHan}");

    // An unknown recipient is about the recipient field, in Chinese too.
    type("recipient", "nobody-" + System.nanoTime() + "@example.com");
    type("amount", "1.00");
    click("review-button");
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("form-problem")));
    assertThat(fieldMessage("recipient")).containsPattern("\\p{IsHan}");
    assertThat(driver.findElement(By.id("amount")).getDomAttribute("aria-invalid")).isNull();
  }

  @Test
  void theAccountFormsMarkTheWrongFieldAndKeepTheInputOnReload() {
    open("/register?lang=en");
    type("email", "not-an-address");
    type("displayName", "Lin");
    typeNewPassword("Velvet-Otter-Harbor-7193");
    // The server's answer is the subject, not the browser's own check of type="email".
    driver.executeScript("document.getElementById('register-form').noValidate = true");
    click("register-button");
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("form-problem")));
    assertThat(fieldMessage("email")).isNotBlank();
    driver.navigate().refresh();
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("form-problem")));
    assertThat(driver.findElement(By.id("email")).getDomProperty("value"))
        .isEqualTo("not-an-address");
    assertThat(driver.findElement(By.id("displayName")).getDomProperty("value")).isEqualTo("Lin");
    assertThat(driver.findElement(By.id("password")).getDomProperty("value")).isEmpty();
    click("lang-zh");
    wait.until(d -> "zh-CN".equals(htmlLang()));
    assertThat(fieldMessage("email")).containsPattern("\\p{IsHan}");
  }

  @Test
  void aUserWithNoBalanceIsToldToTopUpFirst() {
    TestUser pat = users.user().currency("CNY").create();
    signInWithCookie(pat);

    for (String form : List.of("send", "convert", "abroad")) {
      open("/account/money/" + form + "?lang=zh-CN");
      assertThat(text("no-balance")).isEqualTo("您还没有余额，请先充值。");
      assertThat(driver.findElements(By.id("money-form"))).isEmpty();
    }
    open("/account/money/send?lang=en");
    assertThat(text("no-balance")).isEqualTo("You have no balance yet — top up first.");
    click("no-balance-top-up");
    assertThat(driver.getCurrentUrl()).contains("/account/money/top-up");
  }

  @Test
  void recentRecipientsAreTheUsersOwnOnly() throws Exception {
    MoneyFixture money = new MoneyFixture(port, json, users);
    TestUser alice = users.user().currency("USD").funded(10_000).create();
    TestUser carol = users.user().currency("USD").funded(10_000).create();
    TestUser bob = users.user().currency("USD").create();
    TestUser dan = users.user().currency("USD").create();
    pay(money, alice, bob);
    pay(money, alice, bob);
    pay(money, carol, dan);
    signInWithCookie(alice);

    open("/account/money/send?lang=en");
    List<String> recent = driver.findElements(By.cssSelector("#recent-recipients .recent-recipient"))
        .stream().map(WebElement::getText).toList();
    assertThat(recent).containsExactly(bob.email());
    assertThat(driver.getPageSource()).doesNotContain(dan.email());

    click(driver.findElement(By.cssSelector("#recent-recipients .recent-recipient")));
    assertThat(driver.findElement(By.id("recipient")).getDomProperty("value"))
        .isEqualTo(bob.email());
  }

  @Test
  void aFeeOverFivePercentIsPointedOutInTheLiveQuoteAndOnTheReview() {
    TestUser pat = users.user().currency("USD").funded(10_000).create();
    signInWithCookie(pat);

    open("/account/money/abroad?lang=en");
    assertThat(new Select(driver.findElement(By.id("country"))).getFirstSelectedOption()
        .getDomAttribute("value")).isEmpty();
    assertThat(new Select(driver.findElement(By.id("to"))).getFirstSelectedOption()
        .getDomAttribute("value")).isEmpty();
    new Select(driver.findElement(By.id("from"))).selectByValue("USD");
    new Select(driver.findElement(By.id("to"))).selectByValue("EUR");
    type("amount", "10.00");
    // The live quote (htmx, debounced) shows the minimum fee of 2.00 USD: 20 % of 10.00.
    wait.ignoring(StaleElementReferenceException.class).until(
        ExpectedConditions.visibilityOfElementLocated(By.id("live-fee-note")));
    assertThat(text("live-fee")).contains("2.00");
    assertThat(text("live-fee-note")).contains("20%");

    type("holder", "Hanna Schmidt");
    type("account", "DE89 3704 0044 0532 0130 00");
    new Select(driver.findElement(By.id("country"))).selectByValue("DE");
    click("review-button");
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("review-total")));
    assertThat(text("fee-note")).contains("20%");

    click("lang-zh");
    wait.until(d -> "zh-CN".equals(htmlLang()));
    assertThat(text("fee-note")).contains("20%").contains("手续费");
  }

  @Test
  void anErrorPageKeepsTheSignedInHeaderAndOffersTheWallet() {
    TestUser pat = users.user().currency("USD").create();
    signInWithCookie(pat);

    open("/account/money/transactions/not-a-transaction?lang=zh-CN");
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.className("error-status")));
    assertThat(driver.findElement(By.className("error-status")).getText()).isEqualTo("404");
    assertThat(driver.findElements(By.id("nav-money"))).hasSize(1);
    assertThat(driver.findElements(By.id("nav-login"))).isEmpty();
    assertThat(text("error-wallet")).isEqualTo("前往钱包");
    click("error-wallet");
    assertThat(driver.getCurrentUrl()).endsWith("/account/money");
  }

  // --- helpers ----------------------------------------------------------------------------

  private void pay(MoneyFixture money, TestUser from, TestUser to) throws Exception {
    var sent = money.post(new MoneyFixture.User(from.email(), from.token()),
        "/api/v1/me/transfers", Map.of("recipientEmail", to.email(), "amountMinor", 100,
            "currency", "USD"));
    assertThat(sent.statusCode()).as(sent.body()).isEqualTo(201);
  }

  /**
   * The message beside a field: the field says aria-invalid="true" and its aria-describedby
   * names the element that holds the message.
   */
  private String fieldMessage(String id) {
    WebElement field = driver.findElement(By.id(id));
    assertThat(field.getDomAttribute("aria-invalid")).as(id).isEqualTo("true");
    String describedBy = field.getDomAttribute("aria-describedby");
    assertThat(describedBy).as(id).isNotBlank();
    String message = driver.findElement(By.id(describedBy)).getText();
    assertThat(message).as(id).isNotBlank();
    return message;
  }

  private void type(String id, String text) {
    WebElement field = driver.findElement(By.id(id));
    field.clear();
    field.sendKeys(text);
  }

  private void click(String id) {
    click(driver.findElement(By.id(id)));
  }

  private void click(WebElement element) {
    submitAndWaitForNewPage(element);
  }

  private String text(String id) {
    return wait.ignoring(StaleElementReferenceException.class)
        .until(d -> d.findElement(By.id(id)).getText());
  }
}
