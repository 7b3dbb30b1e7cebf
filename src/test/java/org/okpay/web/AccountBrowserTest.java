package org.okpay.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;

/** Registration, sign-in, lockout, sessions and sign-out, in a real browser. */
class AccountBrowserTest extends BrowserTestSupport {

  private static final String PASSWORD = "Velvet-Otter-Harbor-7193";

  @Test
  void registerSignInSeeSessionsAndSignOut() {
    String email = email();
    register(email, PASSWORD);
    assertThat(driver.findElement(By.id("registered-text")).getText()).contains(email);

    open("/account");
    wait.until(ExpectedConditions.urlContains("/login?next="));
    signIn(email, PASSWORD);

    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("account-email")));
    assertThat(driver.getCurrentUrl()).endsWith("/account");
    assertThat(driver.findElement(By.id("account-email")).getText()).isEqualTo(email);
    assertThat(driver.findElements(By.cssSelector(".session-row"))).hasSize(1);
    assertThat(driver.findElement(By.cssSelector(".session-row")).getText())
        .contains("Chrome on Linux").contains("This device");
    assertThat(driver.findElement(By.cssSelector(".history-row")).getText()).contains("Signed in");
    screenshot("account");

    driver.findElement(By.id("nav-logout")).click();
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("signed-out")));
    open("/account");
    wait.until(ExpectedConditions.urlContains("/login?next="));
  }

  @Test
  void wrongPasswordsUntilLockedAreExplainedInWords() {
    String email = email();
    register(email, PASSWORD);
    open("/login");
    for (int i = 1; i <= 4; i++) {
      signIn(email, "Not-The-Password-" + i);
      wait.until(ExpectedConditions.attributeToBe(By.id("form-problem"), "data-code",
          "invalid_credentials"));
    }
    signIn(email, "Not-The-Password-5");
    wait.until(ExpectedConditions.attributeToBe(By.id("form-problem"), "data-code",
        "account_locked"));
    assertThat(driver.findElement(By.id("form-problem")).getText())
        .contains("locked after too many failed sign-in attempts")
        .contains("You can try again after");

    signIn(email, PASSWORD); // the right password does not open a locked account
    wait.until(ExpectedConditions.attributeToBe(By.id("form-problem"), "data-code",
        "account_locked"));
    assertThat(driver.findElements(By.id("account-email"))).isEmpty();
  }

  @Test
  void strengthMeterWarnsWhileTyping() {
    open("/register");
    driver.findElement(By.id("password")).sendKeys("123qweasdzxc");
    wait.until(ExpectedConditions.textToBe(By.id("meter-text"),
        "It is one of the most common passwords."));

    driver.findElement(By.id("password")).clear();
    driver.findElement(By.id("password")).sendKeys("velvet otter harbor lantern");
    wait.until(d -> d.findElement(By.id("meter-text")).getText().contains("strong")
        || d.findElement(By.id("meter-text")).getText().contains("Strong"));
  }

  @Test
  void wrongPasswordIsExplainedInChinese() {
    String email = email();
    register(email, PASSWORD);
    open("/login?lang=zh-CN");
    signIn(email, "Not-The-Password-1");
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("form-problem")));
    assertThat(driver.findElement(By.id("form-problem")).getText())
        .isEqualTo("电子邮箱或密码不正确，请检查后重试。");
    assertThat(htmlLang()).isEqualTo("zh-CN");
  }

  @Test
  void hackedButtonProtectsTheAccountAndSignsOut() {
    String email = email();
    register(email, PASSWORD);
    open("/login");
    signIn(email, PASSWORD);
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("hacked-button")));

    driver.findElement(By.id("hacked-button")).click();
    wait.until(ExpectedConditions.alertIsPresent()).accept(); // "freeze and sign out now?"

    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("hacked-done")));
    assertThat(driver.findElement(By.id("hacked-done")).getText())
        .contains("frozen").contains("signed out").contains(email);
    open("/account");
    wait.until(ExpectedConditions.urlContains("/login?next="));
  }

  private void register(String email, String password) {
    open("/register?lang=en");
    driver.findElement(By.id("email")).sendKeys(email);
    driver.findElement(By.id("displayName")).sendKeys("Browser Tester");
    typeNewPassword(password);
    new Select(driver.findElement(By.id("country"))).selectByValue("CN");
    driver.findElement(By.id("register-button")).click();
    pageWait.until(ExpectedConditions.visibilityOfElementLocated(By.id("registered-text")));
  }

  private static String email() {
    return "b-" + UUID.randomUUID().toString().substring(0, 12) + "@example.com";
  }
}
