package org.okpay.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.okpay.TestUsers.TestUser;
import org.okpay.identity.IdentityApi;
import org.okpay.identity.Role;
import org.okpay.identity.SupportActionsApi;
import org.okpay.notify.DevMailbox;
import org.okpay.notify.EmailTemplate;
import org.okpay.notify.MailboxMessage;
import org.okpay.support.CaseCategory;
import org.okpay.support.CasePriority;
import org.okpay.support.SupportApi;
import org.okpay.support.SupportCase;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Issue 11's hacked flow across its parts, in Chromium: signed out, from the login page, the
 * owner has the account frozen by the e-mailed link; the urgent case opened from that report
 * waits in the agents' queue; the owner sets a new password from the reset link; an agent ticks
 * the checklist in the customer 360 and unfreezes, and money may leave again.
 */
class HackedToUnfrozenBrowserTest extends BrowserTestSupport {

  private static final Duration MAIL_WAIT = Duration.ofSeconds(20);
  private static final String NEW_PASSWORD = "Amber-Heron-Meadow-5182";

  @Autowired DevMailbox mailbox;
  @Autowired IdentityApi identity;
  @Autowired SupportApi support;

  @Test
  void signedOutFreezeUrgentCaseInTheQueueAndAnAgentUnfreezesAfterTheChecklist() {
    TestUser owner = users.user().displayName("Worried Wen").funded(2_000).create();
    TestUser agent = users.user().role(Role.AGENT).create();

    // Signed out: "my account was hacked" from the login page, then the link in the e-mail.
    open("/login?lang=en");
    driver.findElement(By.id("login-hacked")).click();
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("hacked-request-form")));
    driver.findElement(By.id("hacked-email")).sendKeys(owner.email());
    submitAndWaitForNewPage(driver.findElement(By.id("hacked-request-button")));
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("hacked-sent")));
    String freezeLink = await().atMost(MAIL_WAIT).until(() -> mailbox.latest(owner.email(), 20)
        .stream().flatMap(m -> m.links().stream()).filter(l -> l.contains("/help/hacked/confirm"))
        .findFirst().orElse(null), l -> l != null);
    driver.get(freezeLink);
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("freeze-form")));
    submitAndWaitForNewPage(driver.findElement(By.id("freeze-button")));
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("hacked-done")));
    assertThat(identity.frozen(owner.id())).isTrue();

    // The report opened an urgent account-security case, once.
    SupportCase urgent = await().atMost(MAIL_WAIT).until(() -> support.casesOf(owner.id(), 10)
        .stream().filter(c -> c.category() == CaseCategory.ACCOUNT_SECURITY).toList(),
        l -> !l.isEmpty()).getFirst();
    assertThat(urgent.priority()).isEqualTo(CasePriority.URGENT);
    assertThat(support.casesOf(owner.id(), 10)).hasSize(1);

    // It waits in the agents' queue.
    signInWithCookie(agent);
    open("/admin/support/queue?priority=urgent&lang=en");
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("queue-" + urgent.id())));
    assertThat(driver.findElement(By.id("queue-" + urgent.id())).getDomAttribute("data-reference"))
        .isEqualTo(urgent.reference());

    // The owner sets a new password from the reset link the report e-mailed.
    MailboxMessage reset = await().atMost(MAIL_WAIT).until(() -> mailbox.latest(owner.email(), 20)
        .stream().filter(m -> m.template() == EmailTemplate.PASSWORD_RESET).findFirst()
        .orElse(null), m -> m != null);
    String resetLink = reset.links().getFirst();
    identity.resetPassword(resetLink.substring(resetLink.indexOf("token=") + 6), NEW_PASSWORD,
        "127.0.0.1");
    assertThat(identity.frozen(owner.id())).as("a new password alone does not unfreeze").isTrue();

    // The agent unfreezes from the customer 360 after the checklist.
    open("/admin/support/customers/" + owner.id() + "?lang=en");
    wait.until(d -> !d.findElements(By.id("customer-heading")).isEmpty());
    assertThat(driver.findElement(By.id("recovery-stage")).getDomAttribute("data-stage"))
        .isEqualTo("AWAITING_UNFREEZE");
    driver.findElement(By.id("reason-unfreeze")).sendKeys("Urgent case " + urgent.reference()
        + ": owner confirmed on the phone");
    for (String item : SupportActionsApi.UNFREEZE_CHECKLIST) {
      driver.findElement(By.id("unfreeze-" + item)).click();
    }
    submitAndWaitForNewPage(driver.findElement(By.id("submit-unfreeze")));
    assertThat(driver.findElement(By.id("result")).getText()).contains("Unfrozen");
    screenshot("support-hacked-to-unfrozen");
    assertThat(identity.frozen(owner.id())).isFalse();
  }
}
