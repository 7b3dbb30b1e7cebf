package org.okpay.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.okpay.TestUsers.TestUser;
import org.okpay.ledger.LedgerApi;
import org.okpay.merchants.CheckoutApi;
import org.okpay.merchants.TestMerchants;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;

/**
 * A dispute in Chromium: the customer opens one on a merchant payment from its tracker (in
 * Chinese, on a 390 px screen), the merchant answers on its dashboard, the customer reads the
 * answer and makes it a claim, and the merchant sees the amount held and the evidence deadline.
 */
class DisputesBrowserTest extends BrowserTestSupport {

  @org.springframework.beans.factory.annotation.Autowired TestMerchants merchants;
  @org.springframework.beans.factory.annotation.Autowired CheckoutApi checkout;
  @org.springframework.beans.factory.annotation.Autowired LedgerApi ledger;

  @Test
  void theCustomerOpensADisputeAndTheMerchantAnswers() throws Exception {
    TestMerchants.Created shop = merchants.merchant().businessName("Harbour Tea House")
        .settlement("USD").create();
    TestUser other = users.user().funded(50_000).create();
    checkout.pay(TestMerchants.current(other), checkout.create(shop.merchantId(),
        UUID.randomUUID().toString(), new CheckoutApi.NewSession(20_000L, "USD", "Tea", "T-1",
            null, null, null)).session().id(), null, null, null);
    TestUser payer = users.user().funded(50_000).create();
    CheckoutApi.Paid paid = checkout.pay(TestMerchants.current(payer), checkout.create(
        shop.merchantId(), UUID.randomUUID().toString(), new CheckoutApi.NewSession(4_500L,
            "USD", "A tin of oolong", "T-2", null, null, null)).session().id(), null, null,
        null);
    UUID tx = paid.transaction().id();
    driver.manage().window().setSize(new org.openqa.selenium.Dimension(390, 844));

    signInWithCookie(payer);
    open("/account/money/transactions/" + tx + "?lang=zh-CN");
    submitAndWaitForNewPage(driver.findElement(By.cssSelector("#tx-dispute a")));
    assertThat(driver.findElement(By.tagName("h1")).getText()).isEqualTo("报告交易问题");
    driver.findElement(By.id("reason-not_received")).click();
    driver.findElement(By.id("dispute-description")).sendKeys("茶叶一直没有收到。");
    submitAndWaitForNewPage(driver.findElement(By.id("dispute-submit")));
    assertThat(driver.findElement(By.id("dispute-opened")).isDisplayed()).isTrue();
    assertThat(driver.findElement(By.id("dispute-status")).getText()).isEqualTo("正在与商家沟通");
    assertThat(driver.findElement(By.id("dispute-due")).getText()).isNotBlank();
    assertFits();
    String path = new java.net.URI(driver.getCurrentUrl()).getPath();
    String disputeId = path.substring(path.lastIndexOf('/') + 1);

    signInWithCookie(shop.owner());
    open("/merchant/" + shop.merchantId() + "/disputes?lang=en");
    assertThat(driver.findElement(By.cssSelector(".merchant-dispute")).getDomAttribute("data-id"))
        .isEqualTo(disputeId);
    submitAndWaitForNewPage(driver.findElement(By.cssSelector(".open-dispute")));
    assertThat(driver.findElement(By.id("dispute-messages")).getText())
        .contains("茶叶一直没有收到。");
    driver.findElement(By.id("message-body")).sendKeys("It was posted on Monday, tracking 1Z999.");
    submitAndWaitForNewPage(driver.findElement(By.id("message-send")));
    assertThat(driver.findElement(By.id("message-sent")).isDisplayed()).isTrue();
    assertFits();

    signInWithCookie(payer);
    open("/disputes/" + disputeId + "?lang=zh-CN");
    assertThat(driver.findElement(By.id("dispute-messages")).getText()).contains("1Z999");
    submitAndWaitForNewPage(driver.findElement(By.id("dispute-escalate")));
    assertThat(driver.findElement(By.id("dispute-status")).getText())
        .isEqualTo("索赔中：等待商家答复");
    assertThat(driver.findElement(By.id("dispute-held")).getText()).contains("45");

    signInWithCookie(shop.owner());
    open("/merchant/" + shop.merchantId() + "/disputes/" + disputeId + "?lang=en");
    assertThat(driver.findElement(By.id("dispute-status")).getText())
        .isEqualTo("Needs your evidence");
    driver.findElement(By.id("evidence-explanation")).sendKeys("Delivered to the front desk.");
    submitAndWaitForNewPage(driver.findElement(By.id("evidence-submit")));
    assertThat(driver.findElement(By.id("evidence-submitted")).isDisplayed()).isTrue();
    assertThat(driver.findElement(By.id("dispute-evidence")).getText())
        .contains("Delivered to the front desk.");
    assertThat(ledger.checkInvariants().holds()).isTrue();
  }

  private void assertFits() {
    Long scroll = (Long) ((JavascriptExecutor) driver).executeScript(
        "return document.documentElement.scrollWidth;");
    Long inner = (Long) ((JavascriptExecutor) driver).executeScript("return window.innerWidth;");
    assertThat(scroll).isLessThanOrEqualTo(inner);
  }
}
