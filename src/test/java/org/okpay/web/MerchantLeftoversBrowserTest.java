package org.okpay.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.okpay.TestUsers.TestUser;
import org.okpay.merchants.CheckoutApi;
import org.okpay.merchants.TestMerchants;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The pages issue 10 left to finish, in Chromium: the payer rates a merchant payment once from
 * its refund page (reached from the tracker), a refused rating and a refused refund request come
 * back with what was typed and the field marked, also after a reload and in the other language
 * (Post/Redirect/Get), and the payer cancels a hosted checkout, which then says so in both
 * languages and offers nothing to pay.
 */
class MerchantLeftoversBrowserTest extends BrowserTestSupport {

  @Autowired TestMerchants merchants;
  @Autowired CheckoutApi checkout;

  @Test
  void thePayerRatesOnceAndRefusedFormsComeBackOnReload() {
    TestMerchants.Created shop = merchants.merchant().businessName("Lantern Teas")
        .settlement("USD").create();
    TestUser payer = users.user().funded(20_000).create();
    UUID tx = checkout.pay(TestMerchants.current(payer), checkout.create(shop.merchantId(),
        UUID.randomUUID().toString(), new CheckoutApi.NewSession(4_000L, "USD", "Green tea",
            "T-7", null, null, null)).session().id(), null, null, null).transaction().id();

    signInWithCookie(payer);
    open("/account/money/transactions/" + tx + "?lang=en");
    driver.findElement(By.id("tx-rate-shop")).click();
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("rating-form")));
    assertThat(driver.getCurrentUrl()).contains("/account/refunds?transaction=" + tx);

    // No stars: refused, the comment kept, the stars marked; a reload posts nothing again.
    driver.findElement(By.id("rating-comment-field")).sendKeys("Fast and friendly.");
    submitAndWaitForNewPage(driver.findElement(By.id("rating-submit")));
    assertThat(driver.getCurrentUrl()).contains("draft=");
    for (int reload = 0; reload < 2; reload++) {
      assertThat(driver.findElement(By.id("rating-stars")).getDomAttribute("aria-invalid"))
          .isEqualTo("true");
      assertThat(driver.findElement(By.id("rating-stars-error")).isDisplayed()).isTrue();
      assertThat(driver.findElement(By.id("rating-comment-field")).getDomProperty("value"))
          .isEqualTo("Fast and friendly.");
      driver.navigate().refresh();
    }
    String refused = driver.getCurrentUrl();
    int anchor = refused.indexOf('#');
    open(refused.substring("http://127.0.0.1:".length() + Integer.toString(port).length(),
        anchor < 0 ? refused.length() : anchor) + "&lang=zh-CN");
    assertThat(driver.findElement(By.id("rating-heading")).getText()).contains("评价");
    assertThat(driver.findElement(By.id("rating-comment-field")).getDomProperty("value"))
        .isEqualTo("Fast and friendly.");

    driver.findElement(By.id("stars-4")).click();
    submitAndWaitForNewPage(driver.findElement(By.id("rating-submit")));
    assertThat(driver.findElement(By.id("rating-saved")).getText()).contains("感谢");
    assertThat(driver.findElement(By.id("rating-given")).getDomAttribute("data-stars"))
        .isEqualTo("4");
    assertThat(driver.findElement(By.id("rating-comment")).getText())
        .isEqualTo("Fast and friendly.");
    assertThat(driver.findElements(By.id("rating-form"))).isEmpty();
    driver.navigate().refresh();
    assertThat(driver.findElements(By.id("rating-form"))).isEmpty();

    // A refund request with an amount that cannot be read: kept and marked, after a reload too.
    open("/account/refunds?transaction=" + tx + "&lang=en");
    driver.findElement(By.id("request-amount")).sendKeys("12.345");
    driver.findElement(By.id("request-message")).sendKeys("Wrong tea.");
    submitAndWaitForNewPage(driver.findElement(By.id("request-submit")));
    assertThat(driver.getCurrentUrl()).contains("draft=");
    driver.navigate().refresh();
    assertThat(driver.findElement(By.id("request-amount")).getDomProperty("value"))
        .isEqualTo("12.345");
    assertThat(driver.findElement(By.id("request-amount")).getDomAttribute("aria-invalid"))
        .isEqualTo("true");
    assertThat(driver.findElement(By.id("request-message")).getDomProperty("value"))
        .isEqualTo("Wrong tea.");
    assertThat(driver.findElements(By.cssSelector(".my-request"))).isEmpty();
  }

  @Test
  void thePayerCancelsTheHostedCheckoutAndItCannotBePaidAfterwards() {
    TestMerchants.Created shop = merchants.merchant().businessName("Harbor Books")
        .settlement("USD").create();
    TestUser payer = users.user().funded(20_000).create();
    String back = url("/merchants/" + shop.merchantId());
    CheckoutApi.Session s = checkout.create(shop.merchantId(), UUID.randomUUID().toString(),
        new CheckoutApi.NewSession(2_000L, "USD", "Two books", "A-9", null, back, null))
        .session();

    signInWithCookie(payer);
    open("/pay/" + s.id() + "?lang=en");
    assertThat(driver.findElement(By.id("pay-form")).isDisplayed()).isTrue();
    assertThat(driver.findElement(By.id("cancel-button")).getText()).contains("Harbor Books");
    submitAndWaitForNewPage(driver.findElement(By.id("cancel-button")));
    assertThat(driver.getCurrentUrl()).isEqualTo(back);
    assertThat(checkout.session(shop.merchantId(), s.id()).orElseThrow().status())
        .isEqualTo("canceled");

    open("/pay/" + s.id() + "?lang=zh-CN");
    assertThat(driver.findElement(By.id("checkout-canceled")).getText()).contains("已取消");
    assertThat(driver.findElements(By.id("pay-form"))).isEmpty();
    assertThat(driver.findElements(By.id("cancel-button"))).isEmpty();
    open("/pay/" + s.id() + "?lang=en");
    assertThat(driver.findElement(By.id("checkout-canceled")).getText())
        .contains("was canceled");

    // Without a cancel address the payer stays on the page, which says it was canceled.
    CheckoutApi.Session plain = checkout.create(shop.merchantId(), UUID.randomUUID().toString(),
        new CheckoutApi.NewSession(1_000L, "USD", "One book", "A-10", null, null, null))
        .session();
    open("/pay/" + plain.id());
    submitAndWaitForNewPage(driver.findElement(By.id("cancel-button")));
    assertThat(driver.getCurrentUrl()).endsWith("/pay/" + plain.id());
    assertThat(driver.findElement(By.id("checkout-canceled")).isDisplayed()).isTrue();
  }
}
