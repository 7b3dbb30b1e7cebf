package org.okpay.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Year;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.okpay.TestUsers.TestUser;
import org.okpay.payments.FundingSourcesApi;
import org.okpay.payments.FundingSourcesApi.NewCard;
import org.openqa.selenium.By;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.MessageSource;

/**
 * A next step on every failure, in Chromium, in English and Chinese: a card top-up with the
 * sandbox's expired test card fails; the tracker says the card was not charged (not that a
 * held amount was released, there was none), shows the failed step in red, not green, and
 * offers "use another card"; the user picks the other card, confirms the review and the top-up
 * completes. The history does not show the failed top-up in green, the declined card reads
 * "expired: update it" on the cards page until it is updated there, and the failed tracker fits
 * a phone.
 */
class NextStepsBrowserTest extends BrowserTestSupport {

  private static final String EXPIRED_TEST_CARD = "4000000000000069";
  private static final String MASTERCARD = "5555555555554444";
  /** okpay.css: green is for money that arrived, --danger for a failure. */
  private static final String GREEN = "rgb(19, 115, 51)";
  private static final String RED = "rgb(180, 35, 24)";
  private static final int PHONE_WIDTH_PX = 390;
  private static final String DOT_SCRIPT = "return getComputedStyle(arguments[0], '::before')"
      + ".backgroundColor;";

  @Autowired FundingSourcesApi sources;
  @Autowired MessageSource messages;

  @ParameterizedTest
  @ValueSource(strings = {"en", "zh-CN"})
  void aFailedCardTopUpOffersAnotherCardAndThatCardCompletesIt(String lang) {
    Locale locale = Locale.forLanguageTag(lang);
    TestUser pat = users.user().create();
    int year = Year.now().getValue() + 3;
    UUID expired = sources.addCard(pat.id(),
        new NewCard(EXPIRED_TEST_CARD, 12, year, "123", "Pat Lee")).id();
    UUID mastercard = sources.addCard(pat.id(),
        new NewCard(MASTERCARD, 12, year, "123", "Pat Lee")).id();
    signInWithCookie(pat);

    open("/account/money/top-up?lang=" + lang);
    driver.findElement(By.cssSelector("input[value='card:" + expired + "']")).click();
    type("amount", "25.00");
    new Select(driver.findElement(By.id("currency"))).selectByValue("USD");
    submitAndWaitForNewPage(driver.findElement(By.id("review-button")));
    submitAndWaitForNewPage(driver.findElement(By.id("confirm-button")));

    waitForState("failed");
    assertThat(htmlLang()).isEqualTo(lang);
    assertThat(driver.findElement(By.id("tx-failure")).getDomAttribute("data-code"))
        .isEqualTo("card_expired");
    assertThat(text("tx-failure-reason")).isEqualTo(text("error.card_expired", locale));
    // A card top-up holds nothing: the card was not charged, nothing "held" was released.
    assertThat(text("tx-failure-next"))
        .isEqualTo(text("money.reassure.card_not_charged", locale))
        .isNotEqualTo(text("money.tx.failedNext", locale));
    WebElement failedStep = driver.findElement(By.cssSelector("#timeline .step[data-step=failed]"));
    assertThat(dot(failedStep)).isEqualTo(RED).isNotEqualTo(GREEN);
    WebElement update = driver.findElement(By.cssSelector("#next-steps a[data-action=update_card]"));
    assertThat(update.getText()).isEqualTo(text("money.next.update_card", locale));
    assertThat(update.getDomAttribute("href")).contains(expired.toString());
    List<WebElement> otherCards = driver.findElements(
        By.cssSelector("#next-steps button[data-action=use_another_card]"));
    assertThat(otherCards).hasSize(1);
    WebElement payWith = otherCards.getFirst();
    assertThat(payWith.getText())
        .isEqualTo(messages.getMessage("money.next.payWith", new Object[] {"Mastercard •••• 4444"},
            locale));
    String failedPath = java.net.URI.create(driver.getCurrentUrl()).getPath();
    fitsAPhone(failedPath + "?lang=" + lang);

    submitAndWaitForNewPage(driver.findElement(
        By.cssSelector("#next-steps button[data-action=use_another_card]")));
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("review-total")));
    assertThat(text("review-counterparty")).endsWith("4444");
    submitAndWaitForNewPage(driver.findElement(By.id("confirm-button")));
    waitForState("completed");
    assertThat(driver.getCurrentUrl()).doesNotContain(failedPath);
    assertThat(driver.findElements(By.id("next-steps"))).isEmpty();
    List<WebElement> steps = driver.findElements(By.cssSelector("#timeline .step"));
    assertThat(dot(steps.getLast())).isEqualTo(GREEN);
    screenshot("next-steps-completed-" + lang);

    open("/account/money/transactions?lang=" + lang);
    WebElement failedRow = driver.findElement(By.cssSelector(".tx-row.tx-failed"));
    assertThat(failedRow.findElement(By.cssSelector(".state-badge")).getDomAttribute("data-state"))
        .isEqualTo("failed");
    assertThat(failedRow.findElement(By.cssSelector(".tx-amount")).getCssValue("color"))
        .isNotIn(GREEN, "rgba(19, 115, 51, 1)");
    WebElement completedRow = driver.findElement(By.cssSelector(".tx-row.tx-completed"));
    assertThat(completedRow.findElement(By.cssSelector(".tx-amount")).getCssValue("color"))
        .isIn(GREEN, "rgba(19, 115, 51, 1)");
    open("/account/money?lang=" + lang);
    assertThat(driver.findElements(By.cssSelector("#main .tx-row.tx-failed"))).hasSize(1);

    // Known to be expired now, the card is refused on the form, whose error box links to it.
    open("/account/money/top-up?lang=" + lang);
    driver.findElement(By.cssSelector("input[value='card:" + expired + "']")).click();
    type("amount", "25.00");
    submitAndWaitForNewPage(driver.findElement(By.id("review-button")));
    assertThat(driver.findElement(By.id("form-problem")).getDomAttribute("data-code"))
        .isEqualTo("card_expired");
    assertThat(driver.findElement(By.cssSelector("#form-problem a[data-action=update_card]"))
        .getText()).isEqualTo(text("money.next.update_card", locale));

    // The declined card reads "expired: update it" until its owner updates it.
    open("/account/cards?lang=" + lang);
    WebElement state = cardState(expired);
    assertThat(state.getDomAttribute("data-state")).isEqualTo("EXPIRED");
    assertThat(state.getText()).isEqualTo(text("cards.state.EXPIRED", locale));
    assertThat(cardState(mastercard).getText()).isEqualTo(text("cards.state.ACTIVE", locale));
    fitsAPhone("/account/cards?lang=" + lang); // its update form open under the row
    WebElement form = driver.findElement(By.cssSelector("#update-" + expired + " form"));

    type("update-month-" + expired, "06");
    type("update-year-" + expired, Integer.toString(year));
    type("update-cvc-" + expired, "321");
    submitAndWaitForNewPage(form.findElement(By.cssSelector("button[type=submit]")));
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("card-updated")));
    assertThat(cardState(expired).getDomAttribute("data-state")).isEqualTo("ACTIVE");
    assertThat(driver.getPageSource()).doesNotContain("321");
  }

  private WebElement cardState(UUID card) {
    return driver.findElement(By.cssSelector(".card-row[data-id='" + card + "'] .card-state"));
  }

  /** The page at a 390 px phone's width: nothing wider than the screen. */
  private void fitsAPhone(String path) {
    driver.executeCdpCommand("Emulation.setDeviceMetricsOverride", Map.of("width",
        PHONE_WIDTH_PX, "height", 844, "deviceScaleFactor", 1, "mobile", false));
    try {
      open(path);
      @SuppressWarnings("unchecked")
      List<Number> widths = (List<Number>) driver.executeScript(
          "return [document.documentElement.scrollWidth, window.innerWidth];");
      assertThat(widths.get(1).longValue()).isEqualTo(PHONE_WIDTH_PX);
      assertThat(widths.get(0).longValue()).as("width of " + path)
          .isLessThanOrEqualTo(widths.get(1).longValue());
      driver.executeScript("var f = document.getElementById('tx-failure');"
          + " if (f) { f.scrollIntoView(); }");
      screenshot("next-steps-phone" + path.replaceAll("[0-9a-f-]{36}", "tx").replaceAll("[^a-zA-Z]+", "-"));
    } finally {
      driver.executeCdpCommand("Emulation.clearDeviceMetricsOverride", Map.of());
      open(path);
    }
  }

  private String dot(WebElement step) {
    return (String) driver.executeScript(DOT_SCRIPT, step);
  }

  private String text(String key, Locale locale) {
    return messages.getMessage(key, null, locale);
  }

  private String text(String id) {
    return wait.ignoring(StaleElementReferenceException.class)
        .until(d -> d.findElement(By.id(id)).getText());
  }

  private void type(String id, String value) {
    WebElement field = driver.findElement(By.id(id));
    field.clear();
    field.sendKeys(value);
  }

  private void waitForState(String state) {
    new WebDriverWait(driver, java.time.Duration.ofSeconds(10))
        .ignoring(StaleElementReferenceException.class)
        .until(ExpectedConditions.attributeToBe(By.cssSelector("#tracker .state-badge"),
            "data-state", state));
  }
}
