package org.okpay.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.Year;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import org.junit.jupiter.api.Test;
import org.okpay.TestUsers;
import org.okpay.identity.Role;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;

/**
 * Cards, bank accounts and the sandbox page in a real browser: a card added from "my account"
 * is listed with its brand and last four digits (and a mistyped number is not shown again), a
 * bank account is verified with its two micro-deposits, an admin moves the sandbox clock.
 */
class FundingSourcesBrowserTest extends BrowserTestSupport {

  @Test
  void aCardAddedOnTheCardsPageIsListedWithBrandAndLastFour() throws Exception {
    signInAs(registered());
    click("link-cards");
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("card-form")));
    assertThat(driver.findElement(By.id("cards-empty")).isDisplayed()).isTrue();

    fillCard("4242 4242 4242 4241");
    click("add-card");
    wait.until(ExpectedConditions.attributeToBe(By.id("form-problem"), "data-code",
        "card_number_invalid"));
    assertThat(driver.findElement(By.id("form-problem")).getText()).contains("Card number");
    assertThat(driver.findElement(By.id("number")).getDomProperty("value")).isEmpty();
    assertThat(driver.getPageSource()).doesNotContain("4242 4242 4242 4241");

    fillCard("4242 4242 4242 4242");
    click("add-card");

    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("card-added")));
    WebElement row = driver.findElement(By.cssSelector(".card-row"));
    assertThat(row.findElement(By.className("card-label")).getText()).isEqualTo("Visa •••• 4242");
    assertThat(row.getText()).contains("Pat Lee", "Ready to use");
    assertThat(driver.getPageSource()).doesNotContain("4242424242424242")
        .doesNotContain("4242 4242 4242 4242");
    screenshot("funding-sources-cards");
  }

  @Test
  void aBankAccountIsVerifiedWithTheTwoMicroDepositsInChinese() throws Exception {
    signInAs(registered());
    open("/account/bank-accounts?lang=zh-CN");
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("bank-form")));

    driver.findElement(By.id("accountNumber")).sendKeys("000555555553");
    driver.findElement(By.id("bankCode")).sendKeys("20-00-00");
    new Select(driver.findElement(By.id("country"))).selectByValue("GB");
    new Select(driver.findElement(By.id("currency"))).selectByValue("GBP");
    click("add-bank");

    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("bank-added")));
    WebElement row = driver.findElement(By.cssSelector(".bank-row"));
    assertThat(row.getDomAttribute("data-state")).isEqualTo("PENDING_VERIFICATION");
    assertThat(row.getText()).contains("•••• 5553", "等待您确认两笔小额款项");
    row.findElement(By.name("first")).sendKeys("0.45");
    row.findElement(By.name("second")).sendKeys("0.32");
    submitAndWaitForNewPage(row.findElement(By.className("confirm-micro")));

    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("bank-verified")));
    assertThat(driver.findElement(By.cssSelector(".bank-row")).getDomAttribute("data-state"))
        .isEqualTo("VERIFIED");
    assertThat(driver.findElement(By.className("bank-state")).getText()).isEqualTo("已验证");
  }

  @Test
  void anAdminMovesTheSandboxClockAndACustomerCannot() throws Exception {
    signInAs(registered());
    open("/sandbox");
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("test-cards")));
    assertThat(driver.findElement(By.id("test-cards")).getText())
        .contains("4242 4242 4242 4242", "Declined: insufficient funds");
    assertThat(driver.findElement(By.id("test-bank-accounts")).getText())
        .contains("GB96 SBOX 0000 0000 0067 89", "3 business days later");
    assertThat(driver.findElement(By.id("advance-closed")).getText()).contains("Only admins");
    assertThat(driver.findElements(By.id("advance-form"))).isEmpty();

    TestUsers.TestUser admin = users.user().unverified().country("GB").currency("GBP")
        .role(Role.ADMIN).create();
    forgetCookies();
    signInAs(admin);
    open("/sandbox");
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("advance-form")));
    Instant before = shownTime();
    click("advance-hour");

    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("sandbox-advanced")));
    assertThat(Duration.between(before, shownTime())).isBetween(Duration.ofHours(1),
        Duration.ofHours(1).plusMinutes(1));
    screenshot("sandbox-page");
  }

  // --- helpers -----------------------------------------------------------------------------

  private void fillCard(String number) {
    driver.findElement(By.id("number")).sendKeys(number);
    WebElement month = driver.findElement(By.id("expiryMonth"));
    month.clear();
    month.sendKeys("12");
    WebElement year = driver.findElement(By.id("expiryYear"));
    year.clear();
    year.sendKeys(Integer.toString(Year.now(ZoneOffset.UTC).getValue() + 3));
    driver.findElement(By.id("cvc")).sendKeys("123");
  }

  private Instant shownTime() {
    String text = driver.findElement(By.id("sandbox-now")).getText().replace(" UTC", "");
    return LocalDateTime.parse(text, DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss"))
        .toInstant(ZoneOffset.UTC);
  }

  private void click(String id) {
    submitAndWaitForNewPage(driver.findElement(By.id(id)));
  }

  private void signInAs(TestUsers.TestUser user) {
    signInWithCookie(user);
    open("/account?lang=en");
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("account-email")));
  }

  /** A new customer in the United Kingdom, address not confirmed. */
  private TestUsers.TestUser registered() {
    return users.user().unverified().displayName("Pat Lee").country("GB").currency("GBP")
        .create();
  }
}
