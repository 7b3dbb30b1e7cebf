package org.okpay.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.zxing.BinaryBitmap;
import com.google.zxing.RGBLuminanceSource;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.UUID;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.okpay.TestUsers.TestUser;
import org.okpay.merchants.CheckoutApi;
import org.okpay.merchants.CheckoutApi.NewSession;
import org.okpay.merchants.TestMerchants;
import org.okpay.payments.PaymentsApi;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.Select;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * A payer pays through the hosted checkout in Chromium: signs in from the checkout page and comes
 * back to it, chooses a balance, confirms, and lands on the merchant's success page; on a 390 px
 * phone, the QR code of a session and a merchant's static QR page (the payer types the amount).
 */
class CheckoutBrowserTest extends BrowserTestSupport {

  @Autowired TestMerchants merchants;
  @Autowired CheckoutApi checkout;
  @Autowired PaymentsApi payments;

  @AfterEach
  void desktopScreen() {
    driver.executeCdpCommand("Emulation.clearDeviceMetricsOverride", Map.of());
  }

  @Test
  void aPayerSignsInOnTheCheckoutPaysAndReturnsToTheMerchant() {
    TestMerchants.Created m = merchants.merchant().businessName("Harbor Books").create();
    TestUser payer = users.user().funded(10_000).create();
    CheckoutApi.Session s = checkout.create(m.merchantId(), UUID.randomUUID().toString(),
        new NewSession(2_000L, "USD", "Two books", "A-1001",
            url("/fees?paid={CHECKOUT_SESSION_ID}"), url("/"), null)).session();

    open("/pay/" + s.id() + "?lang=en");
    assertThat(driver.findElement(By.id("checkout-heading")).getText()).contains("Harbor Books");
    assertThat(driver.findElement(By.id("checkout-amount")).getText()).contains("20.00");
    assertThat(driver.findElement(By.id("merchant-verified")).isDisplayed()).isTrue();
    assertThat(driver.findElement(By.id("merchant-reputation")).getText())
        .isEqualTo("New merchant");
    assertThat(driver.findElement(By.id("refund-policy")).getText()).isNotBlank();
    driver.findElement(By.id("sign-in-to-pay")).click();
    signIn(payer.email(), payer.password());

    wait.until(d -> d.getCurrentUrl().contains("/pay/" + s.id()));
    new Select(driver.findElement(By.id("payFrom"))).selectByValue("USD");
    submitAndWaitForNewPage(driver.findElement(By.id("continue-button")));
    assertThat(driver.findElement(By.id("review-total")).getText()).contains("20.00");
    submitAndWaitForNewPage(driver.findElement(By.id("confirm-button")));

    wait.until(d -> d.getCurrentUrl().contains("/fees?paid=" + s.id()));
    assertThat(checkout.session(m.merchantId(), s.id()).orElseThrow().status())
        .isEqualTo("complete");
    assertThat(balance(payer)).isEqualTo(8_000);

    // Back on the checkout (a second tab, or the back button): paid, and no second payment.
    open("/pay/" + s.id() + "?lang=en");
    assertThat(driver.findElement(By.id("checkout-paid-by-me")).isDisplayed()).isTrue();
    assertThat(driver.findElements(By.id("pay-form"))).isEmpty();
    assertThat(balance(payer)).isEqualTo(8_000);
  }

  @Test
  void onAPhoneTheSessionsQrCodeAndTheStaticQrPageOpenTheCheckout() throws Exception {
    driver.executeCdpCommand("Emulation.setDeviceMetricsOverride", Map.of("width", 390,
        "height", 844, "deviceScaleFactor", 1, "mobile", false));
    TestMerchants.Created m = merchants.merchant().businessName("Corner Cafe").create();
    TestUser payer = users.user().funded(10_000).create();
    CheckoutApi.Session s = checkout.create(m.merchantId(), UUID.randomUUID().toString(),
        new NewSession(450L, "USD", "Flat white", null, null, null, null)).session();

    // The dynamic QR code of the session holds the address of its hosted page.
    String scanned = decodeQr("/pay/" + s.id() + "/qr.png");
    assertThat(scanned).isEqualTo(url("/pay/" + s.id()));
    signInWithCookie(payer);
    driver.get(scanned + "?lang=zh-CN");
    assertThat(driver.findElement(By.id("checkout-heading")).getText()).contains("Corner Cafe");
    assertNotWiderThanThePhone();
    submitAndWaitForNewPage(driver.findElement(By.id("continue-button")));
    assertNotWiderThanThePhone();
    submitAndWaitForNewPage(driver.findElement(By.id("confirm-button")));
    wait.until(d -> !d.findElements(By.id("checkout-paid-by-me")).isEmpty());
    assertThat(balance(payer)).isEqualTo(10_000 - 450);

    // The merchant's static QR code: the payer types what the till says.
    String staticUrl = decodeQr("/pay/m/" + m.merchantId() + "/qr.png");
    assertThat(staticUrl).isEqualTo(url("/pay/m/" + m.merchantId()));
    driver.get(staticUrl + "?lang=en");
    assertNotWiderThanThePhone();
    driver.findElement(By.id("amount")).sendKeys("12.50");
    submitAndWaitForNewPage(driver.findElement(By.id("continue-button")));
    assertThat(driver.findElement(By.id("checkout-amount")).getText()).contains("12.50");
    assertNotWiderThanThePhone();
    submitAndWaitForNewPage(driver.findElement(By.id("continue-button")));
    submitAndWaitForNewPage(driver.findElement(By.id("confirm-button")));
    wait.until(d -> !d.findElements(By.id("checkout-paid-by-me")).isEmpty());
    assertThat(balance(payer)).isEqualTo(10_000 - 450 - 1_250);
  }

  private void assertNotWiderThanThePhone() {
    Number scroll = (Number) driver.executeScript(
        "return document.documentElement.scrollWidth;");
    assertThat(scroll.longValue()).as(driver.getCurrentUrl()).isLessThanOrEqualTo(390);
  }

  private String decodeQr(String path) throws Exception {
    HttpResponse<byte[]> png = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
        URI.create(url(path))).build(), HttpResponse.BodyHandlers.ofByteArray());
    assertThat(png.statusCode()).isEqualTo(200);
    assertThat(png.headers().firstValue("Content-Type")).hasValue("image/png");
    BufferedImage image = ImageIO.read(new ByteArrayInputStream(png.body()));
    int[] pixels = image.getRGB(0, 0, image.getWidth(), image.getHeight(), null, 0,
        image.getWidth());
    // The PNG is a pure code (no photo, no tilt): without saying so, zxing's finder-pattern
    // search misreads about 5 % of such perfect images (14 of 300 random session URLs).
    return new QRCodeReader().decode(new BinaryBitmap(new HybridBinarizer(
        new RGBLuminanceSource(image.getWidth(), image.getHeight(), pixels))),
        java.util.Map.of(com.google.zxing.DecodeHintType.PURE_BARCODE, Boolean.TRUE)).getText();
  }

  private long balance(TestUser user) {
    return payments.balances(user.id()).stream()
        .filter(b -> b.currency().getCurrencyCode().equals("USD"))
        .mapToLong(b -> b.balance().amountMinor()).sum();
  }
}
