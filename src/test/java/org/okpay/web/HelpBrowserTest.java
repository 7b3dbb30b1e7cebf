package org.okpay.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.okpay.TestUsers;
import org.okpay.identity.IdentityApi;
import org.okpay.notify.DevMailbox;
import org.okpay.notify.MailboxMessage;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * "My account was hacked" while signed out, in a real browser: from the login page, the address
 * typed, the link from the e-mail opened and confirmed, and the account frozen; the link dead
 * afterwards. Then the help center from the header on a phone-sized screen.
 */
class HelpBrowserTest extends BrowserTestSupport {

  private static final Duration MAIL_WAIT = Duration.ofSeconds(20);

  @Autowired DevMailbox mailbox;
  @Autowired IdentityApi identity;

  @Test
  void signedOutHackedFlowFromTheLoginPageFreezesTheAccount() {
    TestUsers.TestUser user = users.user().create();

    open("/login");
    driver.findElement(By.id("login-hacked")).click();
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("hacked-request-form")));
    driver.findElement(By.id("hacked-email")).sendKeys(user.email());
    submitAndWaitForNewPage(driver.findElement(By.id("hacked-request-button")));
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("hacked-sent")));
    assertThat(driver.findElement(By.id("hacked-sent")).getText()).contains(user.email());
    assertThat(identity.frozen(user.id())).isFalse();

    MailboxMessage mail = Awaitility.await().atMost(MAIL_WAIT).pollInterval(Duration.ofMillis(100))
        .until(() -> mailbox.latest(user.email(), 20).stream()
            .filter(m -> m.subject().contains("Freeze")).toList(), l -> !l.isEmpty()).get(0);
    String link = mail.links().stream().filter(l -> l.contains("/help/hacked/confirm"))
        .findFirst().orElseThrow();

    driver.get(link);
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("freeze-form")));
    submitAndWaitForNewPage(driver.findElement(By.id("freeze-button")));
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("hacked-done")));
    screenshot("help-hacked-signed-out-frozen");

    assertThat(identity.frozen(user.id())).isTrue();
    assertThat(identity.recoveryState(user.id()).stage())
        .isEqualTo(IdentityApi.RecoveryState.Stage.AWAITING_RESET);

    driver.get(link);
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("freeze-link-dead")));
  }

  @Test
  void theHeaderLeadsToTheHelpCenterOnAPhone() {
    driver.executeCdpCommand("Emulation.setDeviceMetricsOverride", java.util.Map.of(
        "width", 390, "height", 844, "deviceScaleFactor", 1, "mobile", false));
    try {
      open("/status");
      driver.findElement(By.id("nav-help")).click();
      wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("help-categories")));
      List<String> links = driver.findElements(By.cssSelector("#help-categories a")).stream()
          .map(a -> a.getDomAttribute("href")).toList();
      assertThat(links).containsExactly("/help/sign-in", "/help/payment-failed",
          "/help/money-not-received", "/help/account-security", "/help/refund", "/help/other");
      Object overflow = driver.executeScript(
          "return document.documentElement.scrollWidth > window.innerWidth");
      assertThat(overflow).isEqualTo(false);
      screenshot("help-center-390");
      for (String lang : List.of("en", "zh-CN")) {
        for (String path : List.of("/help", "/help/sign-in", "/help/account-security",
            "/help/contact", "/help/hacked")) {
          open(path + "?lang=" + lang);
          assertThat(driver.executeScript(
              "return document.documentElement.scrollWidth > window.innerWidth"))
              .as(path + " " + lang).isEqualTo(false);
        }
      }
    } finally {
      driver.executeCdpCommand("Emulation.clearDeviceMetricsOverride", java.util.Map.of());
    }
  }
}
