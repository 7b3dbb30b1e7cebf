package org.okpay.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.okpay.web.BrowserTestSupport;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.springframework.beans.factory.annotation.Autowired;

/** The development mailbox in a real browser: the list, one message, its link, its HTML. */
class MailboxBrowserTest extends BrowserTestSupport {

  @Autowired NotifyApi notify;
  @Autowired DevMailbox mailbox;

  @Test
  void openAnEmailFromTheListAndSeeItsLink() {
    String to = NotifyFixture.uniqueAddress("browser");
    String link = NotifyFixture.resetLink();
    notify.email(NotifyFixture.passwordReset(to, Locale.ENGLISH, link, null));
    await().atMost(NotifyFixture.DELIVERY_WAIT).until(() -> !mailbox.latest(to, 1).isEmpty());

    open("/dev/mailbox?to=" + to);
    assertThat(driver.findElement(By.tagName("h1")).getText()).isEqualTo("Development mailbox");
    assertThat(driver.findElement(By.id("mailbox-why")).getText()).contains("OKPAY_SMTP_HOST");
    WebElement row = driver.findElement(By.cssSelector(".mailbox-row"));
    assertThat(row.findElement(By.cssSelector(".mailbox-to")).getText()).isEqualTo(to);

    row.findElement(By.linkText("Reset your OKPay password")).click();

    wait.until(ExpectedConditions.textToBe(By.id("message-subject"), "Reset your OKPay password"));
    assertThat(driver.findElement(By.id("message-to")).getText()).isEqualTo(to);
    WebElement shownLink = driver.findElement(By.cssSelector("#message-links a.message-link"));
    assertThat(shownLink.isDisplayed()).isTrue();
    assertThat(shownLink.getText()).isEqualTo(link);
    assertThat(shownLink.getDomAttribute("href")).isEqualTo(link);
    assertThat(driver.findElement(By.id("message-text")).getText()).contains(link);

    // The HTML part, as the recipient would see it, inside its sandbox.
    wait.until(ExpectedConditions.frameToBeAvailableAndSwitchToIt(By.id("message-html")));
    WebElement button = wait.until(
        ExpectedConditions.visibilityOfElementLocated(By.linkText("Choose a new password")));
    assertThat(button.getDomAttribute("href")).isEqualTo(link);
    assertThat(driver.findElement(By.tagName("h1")).getText()).isEqualTo("Reset your password");
    driver.switchTo().defaultContent();
    screenshot("dev-mailbox-message");

    driver.findElement(By.id("mailbox-back")).click();
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("mailbox-filter")));
  }

  @Test
  void theListIsInChineseWhenAskedFor() {
    String to = NotifyFixture.uniqueAddress("browser-zh");
    notify.email(NotifyFixture.passwordReset(to, Locale.SIMPLIFIED_CHINESE,
        NotifyFixture.resetLink(), null));
    await().atMost(NotifyFixture.DELIVERY_WAIT).until(() -> !mailbox.latest(to, 1).isEmpty());

    open("/dev/mailbox?lang=zh-CN&to=" + to);

    assertThat(htmlLang()).isEqualTo("zh-CN");
    assertThat(driver.findElement(By.tagName("h1")).getText()).isEqualTo("开发邮箱");
    assertThat(driver.findElement(By.cssSelector(".mailbox-subject")).getText())
        .isEqualTo("重置您的 OKPay 密码");
    screenshot("dev-mailbox-zh");
  }
}
