package org.okpay.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A newcomer on the default configuration: register, confirm the address from the in-app
 * mailbox, and later reset a forgotten password the same way, all in a real browser.
 */
class AccountRecoveryBrowserTest extends BrowserTestSupport {

  private static final String PASSWORD = "Velvet-Otter-Harbor-7193";
  private static final String NEW_PASSWORD = "Copper-Finch-Meadow-2846";
  /** The dispatcher polls every two seconds; an e-mail shows up within a few. */
  private static final Duration MAIL_WAIT = Duration.ofSeconds(15);

  @Test
  void registerConfirmFromTheMailboxThenSignIn() {
    String email = email();
    register(email);

    openMail(email, "Confirm");
    driver.findElement(By.cssSelector(".message-link")).click();
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("verified-ok")));

    open("/login");
    signIn(email, PASSWORD);
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("account-verified")));
    assertThat(driver.findElement(By.id("account-verified")).getText()).isEqualTo("Yes");
  }

  @Test
  void forgotPasswordThroughTheMailbox() {
    String email = email();
    register(email);

    open("/login");
    driver.findElement(By.id("forgot-link")).click();
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("forgot-form")));
    driver.findElement(By.id("email")).sendKeys(email);
    driver.findElement(By.id("forgot-button")).click();
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("forgot-sent")));
    assertThat(driver.findElement(By.tagName("main")).getText()).contains("spam");

    openMail(email, "password");
    driver.findElement(By.cssSelector(".message-link")).click();
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("reset-form")));
    driver.findElement(By.id("password")).sendKeys(NEW_PASSWORD);
    driver.findElement(By.id("reset-button")).click();
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("password-reset-done")));

    signIn(email, NEW_PASSWORD);
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("account-email")));
    assertThat(driver.findElement(By.id("account-email")).getText()).isEqualTo(email);
  }

  /** Opens the newest e-mail to {@code email} whose subject contains {@code subjectPart}. */
  private void openMail(String email, String subjectPart) {
    new WebDriverWait(driver, MAIL_WAIT).until(d -> {
      open("/dev/mailbox?to=" + email);
      return d.findElements(By.partialLinkText(subjectPart)).size() > 0;
    });
    driver.findElement(By.partialLinkText(subjectPart)).click();
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("message-links")));
  }

  private void register(String email) {
    open("/register?lang=en");
    driver.findElement(By.id("email")).sendKeys(email);
    driver.findElement(By.id("displayName")).sendKeys("Mailbox Tester");
    typeNewPassword(PASSWORD);
    driver.findElement(By.id("register-button")).click();
    pageWait.until(ExpectedConditions.visibilityOfElementLocated(By.id("registered-text")));
  }

  private static String email() {
    return "m-" + UUID.randomUUID().toString().substring(0, 12) + "@example.com";
  }
}
