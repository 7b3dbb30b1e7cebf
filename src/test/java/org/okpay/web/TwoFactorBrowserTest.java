package org.okpay.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.okpay.TotpTestCodes;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;

/**
 * Two-factor authentication in a real browser: turned on from "my account" with the key read off
 * the page, then a sign-in that asks for the code after the password. Codes are computed here,
 * as an authenticator app would, from the key the page shows.
 */
class TwoFactorBrowserTest extends BrowserTestSupport {

  private static final String PASSWORD = "Velvet-Otter-Harbor-7193";

  @Test
  void turnOnFromTheAccountPageThenSignInWithPasswordAndCode() {
    String email = email();
    register(email);
    signInWithPassword(email);
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("two-factor-status")));
    assertThat(driver.findElement(By.id("two-factor-status")).getText()).startsWith("Off");

    byte[] secret = startSetup();
    assertThat(driver.findElement(By.id("two-factor-qr")).getDomAttribute("src"))
        .startsWith("data:image/svg+xml;base64,");
    screenshot("two-factor-setup");
    driver.findElement(By.id("code")).sendKeys(code(secret, 0));
    click("two-factor-confirm");

    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("recovery-codes")));
    List<WebElement> codes = driver.findElements(By.cssSelector(".recovery-code"));
    assertThat(codes).hasSize(10);
    assertThat(codes.getFirst().getText()).matches("[0-9a-z]{4}(-[0-9a-z]{4}){3}");
    screenshot("two-factor-recovery-codes");
    click("codes-saved");
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("two-factor-on-notice")));
    assertThat(driver.findElement(By.id("two-factor-status")).getText())
        .contains("Recovery codes left: 10");
    driver.executeScript("document.getElementById('two-factor').scrollIntoView()");
    screenshot("two-factor-account");

    click("nav-logout");
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("signed-out")));
    open("/account");
    wait.until(ExpectedConditions.urlContains("/login?next="));
    fillLogin(email, PASSWORD);
    // The password was right: a second page asks for the code, and no session exists yet.
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("two-factor-form")));
    assertThat(driver.manage().getCookieNamed("okpay_session")).isNull();
    assertThat(driver.getPageSource()).doesNotContain(PASSWORD);

    driver.findElement(By.id("code")).sendKeys(wrongCode(secret));
    click("two-factor-button");
    wait.until(ExpectedConditions.attributeToBe(By.id("form-problem"), "data-code",
        "invalid_second_factor"));

    driver.findElement(By.id("code")).sendKeys(code(secret, 1));
    click("two-factor-button");
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("account-email")));
    assertThat(driver.getCurrentUrl()).endsWith("/account");
    assertThat(driver.findElements(By.cssSelector(".history-row")).get(0).getText())
        .contains("Signed in with a two-factor code");
    assertThat(driver.findElements(By.cssSelector(".history-row")).get(1).getText())
        .contains("Wrong two-factor code");
  }

  @Test
  void aRecoveryCodeSignsInAndTurnsItOffInChinese() {
    String email = email();
    register(email);
    signInWithPassword(email);
    byte[] secret = startSetup();
    driver.findElement(By.id("code")).sendKeys(code(secret, 0));
    click("two-factor-confirm");
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("recovery-codes")));
    List<String> codes = driver.findElements(By.cssSelector(".recovery-code")).stream()
        .map(WebElement::getText).toList();
    click("codes-saved");
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("two-factor-on-notice")));
    click("nav-logout");
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("signed-out")));

    open("/login?lang=zh-CN");
    fillLogin(email, PASSWORD);
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("two-factor-form")));
    assertThat(driver.findElement(By.tagName("h1")).getText()).isEqualTo("输入验证码");
    driver.findElement(By.id("code")).sendKeys(codes.get(0).toUpperCase(Locale.ROOT));
    click("two-factor-button");
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("two-factor-status")));
    assertThat(driver.findElement(By.id("two-factor-status")).getText()).contains("剩余恢复码：9");

    // Turning it off needs a fresh code: the one just used is refused, another works.
    driver.findElement(By.id("two-factor-disable-code")).sendKeys(codes.get(0));
    click("two-factor-disable");
    wait.until(ExpectedConditions.attributeToBe(By.id("form-problem"), "data-code",
        "invalid_second_factor"));
    assertThat(driver.findElement(By.id("form-problem")).getText()).contains("验证码不正确");
    driver.findElement(By.id("two-factor-disable-code")).sendKeys(codes.get(1));
    click("two-factor-disable");
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("two-factor-off-notice")));
    assertThat(driver.findElement(By.id("two-factor-status")).getText()).startsWith("未开启");
  }

  // --- helpers -----------------------------------------------------------------------------

  /** Starts the setup from the account page and reads the key an app would be given. */
  private byte[] startSetup() {
    click("two-factor-start");
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("two-factor-secret")));
    String key = driver.findElement(By.id("two-factor-secret")).getText();
    assertThat(key).matches("([A-Z2-7]{4} ){7}[A-Z2-7]{4}");
    return TotpTestCodes.base32(key.replace(" ", ""));
  }

  private void click(String id) {
    WebElement element = driver.findElement(By.id(id));
    submitAndWaitForNewPage(element);
  }

  private void register(String email) {
    open("/register?lang=en");
    driver.findElement(By.id("email")).sendKeys(email);
    driver.findElement(By.id("displayName")).sendKeys("Browser Tester");
    typeNewPassword(PASSWORD);
    new Select(driver.findElement(By.id("country"))).selectByValue("CN");
    driver.findElement(By.id("register-button")).click();
    pageWait.until(ExpectedConditions.visibilityOfElementLocated(By.id("registered-text")));
  }

  private void signInWithPassword(String email) {
    open("/login");
    fillLogin(email, PASSWORD);
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("account-email")));
  }

  private void fillLogin(String email, String password) {
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("login-form")));
    driver.findElement(By.id("email")).sendKeys(email);
    driver.findElement(By.id("password")).sendKeys(password);
    click("login-button");
  }

  private static String email() {
    return "f-" + UUID.randomUUID().toString().substring(0, 12) + "@example.com";
  }

  static String code(byte[] secret, int offsetSteps) {
    return TotpTestCodes.code(secret, offsetSteps);
  }

  private static String wrongCode(byte[] secret) {
    List<String> near = List.of(code(secret, -2), code(secret, -1), code(secret, 0),
        code(secret, 1), code(secret, 2));
    for (int candidate = 0; ; candidate++) {
      String code = String.format("%06d", candidate);
      if (!near.contains(code)) {
        return code;
      }
    }
  }
}
