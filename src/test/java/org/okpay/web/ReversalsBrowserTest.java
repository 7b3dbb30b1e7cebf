package org.okpay.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Currency;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.okpay.TestUsers.TestUser;
import org.okpay.identity.Role;
import org.okpay.ledger.LedgerApi;
import org.okpay.payments.PaymentRequest;
import org.okpay.payments.PaymentsApi;
import org.openqa.selenium.By;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The two-person reversal in Chromium: agent 1 looks a payment up by its id and asks for its
 * reversal (in English, on a desktop); the page says a second approval is needed and offers no
 * approve button to its requester. Agent 2 (in Chinese, on a 390 px phone screen) finds it among
 * the pending requests, approves it with a reason, and the money is back with the payer.
 */
class ReversalsBrowserTest extends BrowserTestSupport {

  private static final Currency USD = Currency.getInstance("USD");
  private static final String WIDTH_SCRIPT =
      "return [document.documentElement.scrollWidth, window.innerWidth];";

  @Autowired PaymentsApi payments;
  @Autowired LedgerApi ledger;

  @Test
  void agentOneAsksAndAgentTwoApproves() {
    TestUser first = users.user().role(Role.AGENT).create();
    TestUser second = users.user().role(Role.AGENT).create();
    TestUser payer = users.user().currency("USD").funded(50_000).create();
    TestUser recipient = users.user().currency("USD").create();
    UUID paid = payments.execute(payer.current(), "p2p-" + UUID.randomUUID(),
        new PaymentRequest.Send(recipient.email(), 25_000, USD, null), null).transaction().id();
    long payerBefore = balance(payer);

    signInWithCookie(first);
    open("/admin/reversals/new?transaction=" + paid + "&lang=en");
    assertThat(driver.findElement(By.id("candidate-amount")).getText()).contains("250.00");
    assertThat(driver.findElement(By.id("candidate-recipient")).getText())
        .isEqualTo(recipient.email());
    assertThat(driver.findElement(By.id("candidate-approval")).getText())
        .contains("another staff member must approve");
    driver.findElement(By.id("reason")).sendKeys("The payer reported this payment as fraud.");
    submitAndWaitForNewPage(driver.findElement(By.id("reversal-submit")));
    assertThat(driver.findElement(By.id("reversal-done")).getText())
        .contains("asked for");
    assertThat(driver.findElement(By.id("reversal")).getDomAttribute("data-status"))
        .isEqualTo("pending_approval");
    assertThat(driver.findElement(By.id("reversal-yours")).isDisplayed()).isTrue();
    assertThat(driver.findElements(By.id("approve-button"))).isEmpty();
    String id = driver.findElement(By.id("reversal")).getDomAttribute("data-id");
    assertThat(balance(payer)).isEqualTo(payerBefore);

    driver.manage().deleteAllCookies();
    signInWithCookie(second);
    driver.executeCdpCommand("Emulation.setDeviceMetricsOverride", Map.of(
        "width", 390, "height", 844, "deviceScaleFactor", 1, "mobile", false));
    try {
      open("/admin/reversals?lang=zh-CN");
      assertThat(driver.findElement(By.id("pending-heading")).getText()).isEqualTo("等待第二人审批");
      assertFitsThePhone();
      submitAndWaitForNewPage(driver.findElement(
          By.cssSelector(".pending-row[data-id='" + id + "'] .open-reversal")));
      assertFitsThePhone();
      assertThat(driver.findElement(By.id("reversal-requested-by")).getText())
          .isEqualTo(first.email());
      driver.findElement(By.id("decision-reason")).sendKeys("已与付款人核实，确认为盗刷。");
      submitAndWaitForNewPage(driver.findElement(By.id("approve-button")));
      assertThat(driver.findElement(By.id("reversal-done")).getText())
          .isEqualTo("已批准：资金已退回付款人。");
      assertThat(driver.findElement(By.id("reversal")).getDomAttribute("data-status"))
          .isEqualTo("executed");
      assertThat(driver.findElement(By.id("reversal-approved-by")).getText())
          .isEqualTo(second.email());
      assertFitsThePhone();
    } finally {
      driver.executeCdpCommand("Emulation.clearDeviceMetricsOverride", Map.of());
    }
    assertThat(balance(payer)).isEqualTo(payerBefore + 25_000);
    assertThat(ledger.checkInvariants().holds()).isTrue();
  }

  private void assertFitsThePhone() {
    @SuppressWarnings("unchecked")
    List<Number> widths = (List<Number>) driver.executeScript(WIDTH_SCRIPT);
    assertThat(widths.get(0).longValue()).as(driver.getCurrentUrl())
        .isLessThanOrEqualTo(widths.get(1).longValue());
  }

  private long balance(TestUser user) {
    return payments.balances(user.id()).stream().filter(b -> b.currency().equals(USD))
        .mapToLong(b -> b.available().amountMinor()).sum();
  }
}
