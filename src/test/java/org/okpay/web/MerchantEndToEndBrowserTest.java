package org.okpay.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.okpay.TestUsers.TestUser;
import org.okpay.ledger.LedgerApi;
import org.okpay.merchants.CheckoutApi;
import org.okpay.merchants.MerchantCategory;
import org.okpay.merchants.MerchantsApi;
import org.okpay.merchants.TestMerchants;
import org.okpay.payments.PaymentsApi;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The whole merchant loop in Chromium on a 390 px phone: a customer opens the merchant's static QR
 * URL, types the amount and pays through hosted checkout, asks for a partial refund from the
 * payment's tracker, the owner sees it on the dashboard's chart and approves it, the customer sees
 * the money back in the wallet and confirms it arrived. Balances exact, ledger invariants hold.
 */
class MerchantEndToEndBrowserTest extends BrowserTestSupport {

  private static final long FUNDED = 50_000;
  private static final long PRICE = 3_000;
  private static final long REFUND = 1_200;
  /** Retail: 2.9 % + 0.30 (okpay.merchants.fees.retail); 2.9 % of 30.00 is 0.87. */
  private static final long FEE = 87 + 30;

  @Autowired TestMerchants merchants;
  @Autowired CheckoutApi checkout;
  @Autowired MerchantsApi merchantsApi;
  @Autowired PaymentsApi payments;
  @Autowired LedgerApi ledger;

  @AfterEach
  void desktopScreen() {
    driver.executeCdpCommand("Emulation.clearDeviceMetricsOverride", Map.of());
  }

  @Test
  void aCustomerPaysByQrOnAPhoneGetsAPartialRefundApprovedAndConfirmsArrival() {
    driver.executeCdpCommand("Emulation.setDeviceMetricsOverride", Map.of("width", 390,
        "height", 844, "deviceScaleFactor", 1, "mobile", false));
    TestMerchants.Created shop = merchants.merchant().businessName("Lantern Tea House")
        .category(MerchantCategory.RETAIL).settlement("USD").create();
    TestUser customer = users.user().funded(FUNDED).create();

    // Pays at the till: the static QR URL, the amount typed on the phone.
    signInWithCookie(customer);
    open("/pay/m/" + shop.merchantId() + "?lang=en");
    driver.findElement(By.id("amount")).sendKeys("30.00");
    submitAndWaitForNewPage(driver.findElement(By.id("continue-button")));
    assertThat(driver.findElement(By.id("checkout-heading")).getText())
        .contains("Lantern Tea House");
    assertThat(driver.findElement(By.id("checkout-amount")).getText()).contains("30.00");
    submitAndWaitForNewPage(driver.findElement(By.id("continue-button")));
    submitAndWaitForNewPage(driver.findElement(By.id("confirm-button")));
    wait.until(d -> !d.findElements(By.id("checkout-paid-by-me")).isEmpty());
    CheckoutApi.MerchantPayment payment = checkout.payments(shop.merchantId(), null, null, 5)
        .payments().getFirst();
    assertThat(payment.amountMinor()).isEqualTo(PRICE);
    assertThat(payment.feeMinor()).isEqualTo(FEE);
    assertThat(wallet(customer)).isEqualTo(FUNDED - PRICE);
    assertThat(merchantBalance(shop)).isEqualTo(PRICE - FEE);

    // Asks for part of it back from the payment's tracker, in Chinese.
    open("/account/money/transactions/" + payment.transactionId() + "?lang=zh-CN");
    submitAndWaitForNewPage(driver.findElement(By.cssSelector("#tx-refunds a")));
    assertNotWiderThanThePhone();
    driver.findElement(By.id("request-amount")).sendKeys("12.00");
    new Select(driver.findElement(By.id("request-reason"))).selectByValue("not_as_described");
    driver.findElement(By.id("request-message")).sendKeys("One tin was open.");
    submitAndWaitForNewPage(driver.findElement(By.id("request-submit")));
    assertThat(driver.findElement(By.id("refund-requested")).getText()).contains("申请已发送");

    // The owner: the payment on the chart (both languages), then the request approved.
    signInWithCookie(shop.owner());
    for (String lang : List.of("zh-CN", "en")) {
      open("/merchant/" + shop.merchantId() + "?lang=" + lang);
      assertChartDrawn("merchant-daily-USD");
      assertNotWiderThanThePhone();
    }
    open("/merchant/" + shop.merchantId() + "/payments?lang=en");
    submitAndWaitForNewPage(driver.findElement(By.cssSelector(".refund-link")));
    assertThat(driver.getCurrentUrl()).contains("/refunds?payment=" + payment.id());
    assertThat(driver.findElement(By.cssSelector(".refund-request")).getText())
        .contains("12.00").contains("One tin was open.");
    submitAndWaitForNewPage(driver.findElement(By.cssSelector(".approve-request")));
    assertThat(driver.findElement(By.id("request-approved")).isDisplayed()).isTrue();
    assertThat(driver.findElement(By.cssSelector(".refund-row")).getDomAttribute("data-status"))
        .isEqualTo("succeeded");
    assertNotWiderThanThePhone();
    open("/merchant/" + shop.merchantId() + "?lang=en");
    assertChartDrawn("merchant-daily-USD");
    assertThat(driver.findElements(By.cssSelector("#merchant-daily-USD-table td[data-minor='"
        + REFUND + "']"))).hasSize(1);

    // The customer: the money back in the wallet, and confirms it arrived.
    signInWithCookie(customer);
    open("/account/money?lang=en");
    assertThat(driver.findElement(By.cssSelector("#balance-USD .balance-amount")).getText())
        .contains("482.00");
    open("/account/refunds?transaction=" + payment.transactionId() + "&lang=en");
    assertThat(driver.findElement(By.id("payment-refunded")).getText()).contains("12.00");
    submitAndWaitForNewPage(driver.findElement(By.cssSelector(".arrival-yes")));
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("arrival-received")));
    assertNotWiderThanThePhone();

    assertThat(wallet(customer)).isEqualTo(FUNDED - PRICE + REFUND);
    assertThat(merchantBalance(shop)).isEqualTo(PRICE - FEE - REFUND);
    assertThat(checkout.payment(shop.merchantId(), payment.id()).orElseThrow().refundedMinor())
        .isEqualTo(REFUND);
    assertThat(ledger.checkInvariants().holds()).isTrue();
  }

  /** ECharts drew a canvas with a size inside the chart's container. */
  private void assertChartDrawn(String id) {
    wait.until(d -> !d.findElements(By.cssSelector("#" + id + " canvas")).isEmpty());
    WebElement canvas = driver.findElement(By.cssSelector("#" + id + " canvas"));
    assertThat(canvas.getSize().getWidth()).isPositive().isLessThanOrEqualTo(390);
    assertThat(canvas.getSize().getHeight()).isPositive();
  }

  private void assertNotWiderThanThePhone() {
    Number scroll = (Number) driver.executeScript(
        "return document.documentElement.scrollWidth;");
    assertThat(scroll.longValue()).as(driver.getCurrentUrl()).isLessThanOrEqualTo(390);
  }

  private long wallet(TestUser user) {
    return payments.balances(user.id()).stream()
        .filter(b -> b.currency().getCurrencyCode().equals("USD"))
        .mapToLong(b -> b.balance().amountMinor()).sum();
  }

  private long merchantBalance(TestMerchants.Created m) {
    return merchantsApi.balances(m.merchantId()).stream()
        .filter(b -> b.currency().getCurrencyCode().equals("USD"))
        .mapToLong(MerchantsApi.Balance::balanceMinor).sum();
  }
}
