package org.okpay.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * Issue 12, item 7, in Chromium and in Chinese: the third wrong password in a row warns how many
 * tries are left, the lock offers a button to reset the password (the address filled in), and
 * an unknown address sees exactly the same page at every step.
 */
class LockoutWarningBrowserTest extends BrowserTestSupport {

  @Override
  protected String acceptLanguages() {
    return "zh-CN,zh";
  }

  @Test
  void theThirdFailureWarnsAndTheLockOffersAReset() {
    String known = users.user().create().email();
    String unknown = "nobody-" + UUID.randomUUID().toString().substring(0, 12) + "@example.com";
    String[] lockedPage = new String[2];
    for (int side = 0; side < 2; side++) {
      String email = side == 0 ? known : unknown;
      open("/login?lang=zh-CN");
      for (int attempt = 1; attempt <= 4; attempt++) {
        signIn(email, "Not-The-Password-" + attempt);
        wait.until(ExpectedConditions.attributeToBe(By.id("form-problem"), "data-code",
            "invalid_credentials"));
        if (attempt < 3) {
          assertThat(driver.findElements(By.id("attempts-warning"))).as(email).isEmpty();
        }
        if (attempt == 3) {
          assertThat(driver.findElement(By.id("attempts-warning")).getText()).as(email)
              .isEqualTo("还可尝试 2 次，之后登录将被锁定 15 分钟。");
          screenshot("lockout-warning-zh-" + side);
        }
      }
      signIn(email, "Not-The-Password-5");
      wait.until(ExpectedConditions.attributeToBe(By.id("form-problem"), "data-code",
          "account_locked"));
      assertThat(driver.findElements(By.id("attempts-warning"))).isEmpty();
      lockedPage[side] = driver.findElement(By.id("main")).getText()
          .replaceAll("\\d{4}年\\d{1,2}月\\d{1,2}日 \\d{1,2}:\\d{2}", "<time>")
          .replaceAll("\\d+ 分钟后", "<in>");
      screenshot("lockout-locked-zh-" + side);

      var reset = driver.findElement(By.id("reset-button"));
      assertThat(reset.getText()).isEqualTo("重置密码");
      submitAndWaitForNewPage(reset);
      wait.until(ExpectedConditions.urlContains("/forgot-password"));
      // The address is not put in the URL (it would reach logs and history): typed again here.
      assertThat(driver.getCurrentUrl()).doesNotContain("email=");
      assertThat(driver.findElement(By.id("forgot-button")).isDisplayed()).isTrue();
    }
    assertThat(lockedPage[1]).isEqualTo(lockedPage[0]);
  }
}
