package org.okpay.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.okpay.TestUsers;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;

/**
 * Becoming a merchant in a real browser: onboard from the page, see the verified overview,
 * create a secret key and see it exactly once; the key then works on the merchant API.
 */
class MerchantBrowserTest extends BrowserTestSupport {

  @Test
  void aUserOnboardsCreatesAKeyAndSeesItsSecretOnce() throws Exception {
    TestUsers.TestUser pat = users.user().displayName("Pat Lee").create();
    signInWithCookie(pat);
    open("/account?lang=en");
    click("nav-merchant");
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("onboard-form")));
    assertThat(driver.findElement(By.id("no-merchants")).isDisplayed()).isTrue();

    driver.findElement(By.id("businessName")).sendKeys("Lantern Tea House");
    new Select(driver.findElement(By.id("category"))).selectByValue("food_and_drink");
    new Select(driver.findElement(By.id("settlementCurrency"))).selectByValue("USD");
    driver.findElement(By.id("refundPolicy")).sendKeys("Unopened tea within 30 days.");
    WebElement window = driver.findElement(By.id("refundWindowDays"));
    window.clear();
    window.sendKeys("30");
    click("onboard-submit");

    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("merchant-onboarded")));
    assertThat(driver.findElement(By.tagName("h1")).getText()).isEqualTo("Lantern Tea House");
    assertThat(driver.findElement(By.id("merchant-verification")).getText()).contains("Verified");
    assertThat(driver.findElement(By.id("merchant-refund-window")).getText()).isEqualTo("30 days");
    assertThat(driver.findElement(By.id("merchant-refund-policy")).getText())
        .isEqualTo("Unopened tea within 30 days.");
    assertThat(driver.findElement(By.id("no-balances")).isDisplayed()).isTrue();

    click("merchant-nav-keys");
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("key-form")));
    assertThat(driver.findElements(By.id("new-key"))).isEmpty();
    driver.findElement(By.id("key-name")).sendKeys("Web shop server");
    click("key-create");

    String secret = wait.until(ExpectedConditions.visibilityOfElementLocated(
        By.id("new-key-secret"))).getText();
    assertThat(secret).startsWith("okp_sk_test_").hasSize(44);
    WebElement row = driver.findElement(By.cssSelector(".key-row"));
    assertThat(row.getText()).contains("Web shop server", secret.substring(0, 16), "Never");
    screenshot("merchant-keys-new");
    assertThat(balanceStatus(secret)).isEqualTo(200);

    // Shown once: the keys page itself never has it again.
    driver.get(driver.getCurrentUrl()); // the same page by GET, as a later visit would be
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("key-form")));
    assertThat(driver.findElements(By.id("new-key-secret"))).isEmpty();
    assertThat(driver.getPageSource()).doesNotContain(secret);

    open("/merchant?lang=zh-CN");
    assertThat(driver.findElement(By.tagName("h1")).getText()).isEqualTo("商户");
    assertThat(driver.findElement(By.cssSelector(".merchant-row")).getText())
        .contains("Lantern Tea House", "所有者", "已认证");
  }

  private int balanceStatus(String secret) throws Exception {
    return HttpClient.newHttpClient().send(HttpRequest.newBuilder(
            URI.create(url("/api/v1/merchant/balance")))
        .header("Authorization", "Bearer " + secret).build(),
        HttpResponse.BodyHandlers.ofString()).statusCode();
  }

  private void click(String id) {
    submitAndWaitForNewPage(driver.findElement(By.id(id)));
  }
}
