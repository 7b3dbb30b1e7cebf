package org.okpay.merchants.internal.webhooks;

import static org.assertj.core.api.Assertions.assertThat;

import com.standardwebhooks.Webhook;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.okpay.merchants.MerchantCaller;
import org.okpay.merchants.TestMerchants;
import org.okpay.web.BrowserTestSupport;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The dashboard's webhooks page in Chromium: the owner adds an endpoint through the form and
 * sees its secret, a payment's webhook reaches a real receiver signed with that secret, the log
 * shows it, "Send again" sends it once more with the same webhook-id, turning the endpoint off
 * hides the button; bad input is explained on the page; another merchant's page is not found.
 */
class WebhookPagesBrowserTest extends BrowserTestSupport {

  @Autowired WebhookFixture fixture;
  @Autowired WebhookDispatcher dispatcher;

  private WebhookReceiver receiver;

  @AfterEach
  void cleanUp() {
    if (receiver != null) {
      receiver.close();
    }
    fixture.forgetEndpoints();
  }

  @Test
  void theOwnerAddsAnEndpointSeesItsLogAndSendsADeliveryAgain() throws Exception {
    receiver = new WebhookReceiver();
    TestMerchants.Created shop = fixture.created();
    signInWithCookie(shop.owner());
    String page = "/merchant/" + shop.merchantId() + "/webhooks";

    open(page + "?lang=en");
    assertThat(driver.findElement(By.id("merchant-nav-webhooks")).getDomAttribute("class"))
        .contains("active");
    assertThat(driver.findElements(By.id("no-endpoints"))).hasSize(1);
    driver.findElement(By.id("endpoint-url")).sendKeys("https://shop.example/hooks");
    submitAndWaitForNewPage(driver.findElement(By.id("endpoint-add"))); // no event chosen
    assertThat(driver.findElement(By.id("form-problem")).getText())
        .as("explained in words").isNotBlank();
    assertThat(driver.findElement(By.id("endpoint-url")).getDomProperty("value"))
        .as("the form keeps what was typed").isEqualTo("https://shop.example/hooks");
    assertThat(driver.findElements(By.className("endpoint"))).isEmpty();

    driver.findElement(By.id("endpoint-url")).clear();
    driver.findElement(By.id("endpoint-url")).sendKeys(receiver.url());
    driver.findElement(By.id("endpoint-description")).sendKeys("Order system");
    driver.findElement(By.id("event-payment.succeeded")).click();
    submitAndWaitForNewPage(driver.findElement(By.id("endpoint-add")));
    assertThat(driver.findElements(By.id("endpoint-added"))).hasSize(1);
    String secret = driver.findElement(By.className("endpoint-secret")).getText();
    assertThat(secret).startsWith("whsec_");
    assertThat(driver.findElement(By.className("endpoint-events")).getText())
        .contains("payment.succeeded").doesNotContain("refund.created");

    MerchantCaller caller = WebhookFixture.caller(shop);
    fixture.publish(caller, "payment.succeeded", "payment", UUID.randomUUID(), "succeeded");
    assertThat(dispatcher.dispatchOnce()).isEqualTo(1);
    WebhookReceiver.Hit first = receiver.hits().getFirst();
    new Webhook(secret).verify(first.body(), first.headers());

    open(page + "?lang=en");
    driver.findElement(By.className("view-log")).click();
    WebElement row = wait.until(d -> d.findElement(By.className("delivery-row")));
    assertThat(row.getDomAttribute("data-status")).isEqualTo("succeeded");
    assertThat(row.getText()).contains("payment.succeeded").contains("200");
    submitAndWaitForNewPage(row.findElement(By.className("resend")));
    assertThat(driver.findElements(By.id("delivery-resent"))).hasSize(1);
    assertThat(driver.findElement(By.className("delivery-row")).getDomAttribute("data-status"))
        .isEqualTo("pending");
    assertThat(driver.findElements(By.className("attempt-row"))).hasSize(1);
    assertThat(dispatcher.dispatchOnce()).isEqualTo(1);
    assertThat(receiver.hits()).hasSize(2);
    assertThat(receiver.hits().get(1).header("webhook-id"))
        .isEqualTo(first.header("webhook-id"));
    driver.navigate().refresh();
    assertThat(driver.findElements(By.className("attempt-row"))).hasSize(2);

    submitAndWaitForNewPage(driver.findElement(By.className("disable-endpoint")));
    assertThat(driver.findElement(By.className("endpoint")).getDomAttribute("data-enabled"))
        .isEqualTo("false");
    assertThat(driver.findElements(By.className("resend"))).isEmpty();
    assertThat(driver.findElements(By.className("enable-endpoint"))).hasSize(1);

    open(page + "?lang=zh-CN");
    assertThat(driver.findElement(By.tagName("h1")).getText()).isEqualTo("Webhook 通知");
    assertThat(driver.findElement(By.className("endpoint-off")).getText()).isEqualTo("已停用");
  }

  @Test
  void anotherMerchantsWebhooksPageIsNotFound() {
    TestMerchants.Created mine = fixture.created();
    TestMerchants.Created theirs = fixture.created();
    signInWithCookie(mine.owner());
    open("/merchant/" + theirs.merchantId() + "/webhooks?lang=en");
    assertThat(driver.findElements(By.className("error-page"))).hasSize(1);
    assertThat(driver.findElements(By.id("endpoint-form"))).isEmpty();
    open("/merchant/" + mine.merchantId() + "/webhooks?lang=en");
    assertThat(driver.findElements(By.id("endpoint-form"))).hasSize(1);
    assertThat(List.of(driver.getPageSource())).noneMatch(s -> s.contains(
        theirs.merchantId().toString()));
  }
}
