package org.okpay.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.okpay.TestUsers.TestUser;
import org.okpay.identity.IdentityApi;
import org.okpay.identity.IdentityApi.SessionKind;
import org.okpay.identity.Role;
import org.okpay.identity.SupportActionsApi;
import org.okpay.notify.DevMailbox;
import org.okpay.notify.EmailTemplate;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Issue 11, the agent console in Chromium on a 390 px phone: a customer who reported a hack and
 * set a new password sees the frozen banner on the wallet; an agent finds them, is told which
 * checklist items are missing, ticks them and unfreezes; the customer's banner is gone.
 */
class SupportConsoleBrowserTest extends BrowserTestSupport {

  static final String NEW_PASSWORD = "Quiet-Lantern-Orchard-4417";

  @Autowired IdentityApi identity;
  @Autowired DevMailbox mailbox;

  @Test
  void anAgentFindsAFrozenCustomerTicksTheChecklistAndUnfreezesAndTheBannerGoes()
      throws Exception {
    driver.executeCdpCommand("Emulation.setDeviceMetricsOverride", Map.of("width", 390,
        "height", 844, "deviceScaleFactor", 1, "mobile", false));
    TestUser owner = users.user().displayName("Hacked Harriet").funded(5_000).create();
    TestUser agent = users.user().role(Role.AGENT).create();
    identity.reportCompromise(owner.current(), "127.0.0.1");
    String link = await().atMost(Duration.ofSeconds(10)).until(() -> mailbox
        .latest(owner.email(), 10).stream()
        .filter(m -> m.template() == EmailTemplate.PASSWORD_RESET)
        .map(m -> m.links().getFirst()).findFirst().orElse(null), l -> l != null);
    identity.resetPassword(link.substring(link.indexOf("token=") + 6), NEW_PASSWORD,
        "127.0.0.1");

    // The owner's wallet says money cannot leave, why, and what comes next (in Chinese too).
    signInAsOwner(owner);
    open("/account/money?lang=zh-CN");
    assertThat(driver.findElement(By.id("frozen-banner")).getText()).contains("无法转出资金")
        .contains("报告账户被盗");
    assertThat(driver.findElement(By.id("frozen-help")).getDomAttribute("href"))
        .isEqualTo("/help");
    open("/account?lang=en");
    assertThat(driver.findElement(By.id("frozen-banner")).getText())
        .contains("Money cannot leave your account").contains("reported your account as hacked");
    assertThat(driver.findElements(By.id("frozen-reset"))).as("the new password is set")
        .isEmpty();
    assertNotWiderThanThePhone();
    screenshot("support-frozen-banner");

    // The agent finds the customer by the start of the address.
    driver.manage().deleteAllCookies();
    signInWithCookie(agent);
    open("/admin/support/customers?lang=en");
    driver.findElement(By.id("q")).sendKeys(owner.email().substring(0, 12));
    submitAndWaitForNewPage(driver.findElement(By.id("search-button")));
    assertNotWiderThanThePhone();
    driver.findElement(By.cssSelector("tr[data-id='" + owner.id() + "'] .match-link")).click();
    wait.until(d -> !d.findElements(By.id("customer-heading")).isEmpty());
    assertThat(driver.findElement(By.id("customer-heading")).getText())
        .isEqualTo("Hacked Harriet");
    assertThat(driver.findElement(By.id("freeze-state")).getDomAttribute("data-frozen"))
        .isEqualTo("true");
    assertThat(driver.findElement(By.id("recovery-stage")).getDomAttribute("data-stage"))
        .isEqualTo("AWAITING_UNFREEZE");
    assertThat(driver.findElement(By.id("password-check")).getText())
        .contains("saw a new password");
    assertThat(driver.findElements(By.id("action-reset-two-factor")))
        .as("an agent is not offered the admin-only reset").isEmpty();
    assertNotWiderThanThePhone();

    // One tick missing: the page names it and keeps the reason typed.
    driver.findElement(By.id("reason-unfreeze")).sendKeys("Owner verified on the phone");
    driver.findElement(By.id("unfreeze-" + SupportActionsApi.PASSWORD_CHANGED)).click();
    driver.findElement(By.id("unfreeze-" + SupportActionsApi.SESSIONS_REVIEWED)).click();
    submitAndWaitForNewPage(driver.findElement(By.id("submit-unfreeze")));
    assertThat(driver.findElement(By.id("form-problem")).getText())
        .contains("Tick every item").contains("Suspicious transactions reported");
    assertThat(driver.findElement(By.id("reason-unfreeze")).getDomProperty("value"))
        .isEqualTo("Owner verified on the phone");
    assertThat(driver.findElement(By.id("unfreeze-" + SupportActionsApi.SESSIONS_REVIEWED))
        .isSelected()).isTrue();

    driver.findElement(By.id("unfreeze-" + SupportActionsApi.SUSPICIOUS_TRANSACTIONS_REPORTED))
        .click();
    submitAndWaitForNewPage(driver.findElement(By.id("submit-unfreeze")));
    assertThat(driver.findElement(By.id("result")).getText()).contains("Unfrozen");
    assertThat(driver.findElement(By.id("freeze-state")).getDomAttribute("data-frozen"))
        .isEqualTo("false");
    assertNotWiderThanThePhone();
    screenshot("support-console-unfrozen");
    assertThat(identity.frozen(owner.id())).isFalse();

    // The owner's banner is gone.
    driver.manage().deleteAllCookies();
    signInAsOwner(owner);
    open("/account/money?lang=en");
    assertThat(driver.findElements(By.id("frozen-banner"))).isEmpty();
  }

  @Test
  void aCustomerIsRefusedTheConsolePages() {
    TestUser customer = users.user().create();
    signInWithCookie(customer);
    open("/admin/support/customers?lang=en");
    assertThat(driver.findElements(By.id("customer-search"))).isEmpty();
    assertThat(driver.getPageSource()).contains("do not have permission");
  }

  private void signInAsOwner(TestUser owner) {
    open("/status");
    String token = identity.signIn(owner.email(), NEW_PASSWORD, SessionKind.WEB, "127.0.0.1",
        "okpay-tests").token();
    driver.manage().addCookie(new Cookie(IdentityApi.SESSION_COOKIE, token, "/"));
  }

  private void assertNotWiderThanThePhone() {
    Number scroll = (Number) driver.executeScript(
        "return document.documentElement.scrollWidth;");
    assertThat(scroll.longValue()).as(driver.getCurrentUrl()).isLessThanOrEqualTo(390);
  }
}
