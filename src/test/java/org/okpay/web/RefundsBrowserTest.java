package org.okpay.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.okpay.TestUsers.TestUser;
import org.okpay.ledger.LedgerApi;
import org.okpay.merchants.CheckoutApi;
import org.okpay.merchants.TestMerchants;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The refund loop in Chromium: the customer asks for a partial refund from the payment's tracker
 * (in Chinese), the merchant approves it on its dashboard, the customer sees the money back and
 * confirms it arrived.
 */
class RefundsBrowserTest extends BrowserTestSupport {

  @Autowired TestMerchants merchants;
  @Autowired CheckoutApi checkout;
  @Autowired LedgerApi ledger;

  @Test
  void theCustomerAsksTheMerchantApprovesAndTheCustomerConfirmsArrival() {
    TestMerchants.Created shop = merchants.merchant().businessName("Canal Street Books")
        .settlement("USD").create();
    TestUser payer = users.user().funded(50_000).create();
    CheckoutApi.Paid paid = checkout.pay(TestMerchants.current(payer), checkout.create(
        shop.merchantId(), UUID.randomUUID().toString(), new CheckoutApi.NewSession(6_000L,
            "USD", "Three novels", "B-12", null, null, null)).session().id(), null, null, null);
    UUID tx = paid.transaction().id();

    signInWithCookie(payer);
    open("/account/money/transactions/" + tx + "?lang=zh-CN");
    submitAndWaitForNewPage(driver.findElement(By.cssSelector("#tx-refunds a")));
    assertThat(driver.findElement(By.tagName("h1")).getText()).contains("Canal Street Books");
    driver.findElement(By.id("request-amount")).sendKeys("20.00");
    new Select(driver.findElement(By.id("request-reason"))).selectByValue("not_as_described");
    driver.findElement(By.id("request-message")).sendKeys("One book arrived damaged.");
    submitAndWaitForNewPage(driver.findElement(By.id("request-submit")));
    assertThat(driver.findElement(By.id("refund-requested")).getText()).contains("申请已发送");
    assertThat(driver.findElement(By.cssSelector(".my-request")).getDomAttribute("data-status"))
        .isEqualTo("requested");

    signInWithCookie(shop.owner());
    open("/merchant/" + shop.merchantId() + "/refunds?lang=en");
    assertThat(driver.findElement(By.cssSelector(".refund-request")).getText())
        .contains("20.00").contains("One book arrived damaged.");
    submitAndWaitForNewPage(driver.findElement(By.cssSelector(".approve-request")));
    assertThat(driver.findElement(By.id("request-approved")).isDisplayed()).isTrue();
    assertThat(driver.findElement(By.cssSelector(".refund-row")).getDomAttribute("data-status"))
        .isEqualTo("succeeded");

    signInWithCookie(payer);
    open("/account/refunds?transaction=" + tx + "&lang=en");
    assertThat(driver.findElement(By.id("payment-refunded")).getText()).contains("20.00");
    assertThat(driver.findElement(By.cssSelector(".my-refund")).getDomAttribute("data-status"))
        .isEqualTo("succeeded");
    submitAndWaitForNewPage(driver.findElement(By.cssSelector(".arrival-yes")));
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("arrival-received")));
    assertThat(driver.findElements(By.cssSelector(".arrival-yes"))).isEmpty();
    assertThat(ledger.checkInvariants().holds()).isTrue();
  }
}
