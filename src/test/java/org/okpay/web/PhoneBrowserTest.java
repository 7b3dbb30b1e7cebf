package org.okpay.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.okpay.identity.PhoneCodes;
import org.okpay.notify.DevMailbox;
import org.okpay.payments.MoneyFixture;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.json.JsonMapper;

/**
 * The "Phone number" card of the account page in a real browser: a mistyped number is explained
 * on the card, a good one gets a code by e-mail, the code confirms it, and it can be removed.
 */
class PhoneBrowserTest extends BrowserTestSupport {

  @LocalServerPort int port;
  @Autowired JsonMapper json;
  @Autowired DevMailbox mailbox;

  private MoneyFixture money;

  @BeforeEach
  void setUp() {
    money = new MoneyFixture(port, json, users);
  }

  @Test
  void aPhoneNumberIsSetConfirmedWithTheCodeAndRemoved() throws Exception {
    String email = money.user("USD").email();
    signInAs(email, "en");
    WebElement card = driver.findElement(By.id("phone"));
    assertThat(card.getDomAttribute("data-state")).isEqualTo("none");

    driver.findElement(By.id("phoneInput")).sendKeys("12345");
    click("phone-send");
    wait.until(ExpectedConditions.attributeToBe(By.id("form-problem"), "data-code",
        "phone_invalid"));
    assertThat(driver.findElement(By.id("form-problem")).getText())
        .contains("not a mobile number we can use", "Phone number");
    assertThat(driver.findElement(By.id("phoneInput")).getDomProperty("value")).isEqualTo("12345");

    String phone = PhoneCodes.newChineseMobile();
    WebElement input = driver.findElement(By.id("phoneInput"));
    input.clear();
    input.sendKeys(PhoneCodes.spaced(phone).replace(" ", "-"));
    click("phone-send");
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("phone-code-sent")));
    assertThat(driver.findElement(By.id("phone")).getDomAttribute("data-state"))
        .isEqualTo("pending");
    assertThat(driver.findElement(By.id("phone-number")).getText())
        .isEqualTo(PhoneCodes.spaced(phone));
    assertThat(driver.findElement(By.id("phone-code-until")).isDisplayed()).isTrue();
    screenshot("phone-pending");

    String code = PhoneCodes.code(mailbox, email, 1);
    driver.findElement(By.id("phoneCode")).sendKeys(code.equals("000000") ? "111111" : "000000");
    click("phone-confirm");
    wait.until(ExpectedConditions.attributeToBe(By.id("form-problem"), "data-code",
        "phone_code_wrong"));
    assertThat(driver.findElement(By.id("phone-tries-left")).getText()).endsWith("4");

    driver.findElement(By.id("phoneCode")).sendKeys(code);
    click("phone-confirm");
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("phone-confirmed-notice")));
    assertThat(driver.findElement(By.id("phone")).getDomAttribute("data-state"))
        .isEqualTo("confirmed");
    assertThat(driver.findElement(By.id("phone-status")).getText())
        .contains("people can pay you by this number");
    screenshot("phone-confirmed");

    driver.findElement(By.id("phone-remove")).click();
    driver.switchTo().alert().accept();
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("phone-removed")));
    assertThat(driver.findElement(By.id("phone")).getDomAttribute("data-state"))
        .isEqualTo("none");
  }

  @Test
  void theCardSpeaksChinese() throws Exception {
    String email = money.user("CNY").email();
    signInAs(email, "zh-CN");

    driver.findElement(By.id("phoneInput")).sendKeys(PhoneCodes.spaced(
        PhoneCodes.newChineseMobile()));
    click("phone-send");

    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("phone-code-sent")));
    assertThat(driver.findElement(By.id("phone-heading")).getText()).isEqualTo("手机号码");
    assertThat(driver.findElement(By.id("phone-status")).getText()).contains("尚未确认");
    driver.findElement(By.id("phoneCode")).sendKeys("12");
    click("phone-confirm");
    wait.until(ExpectedConditions.attributeToBe(By.id("form-problem"), "data-code",
        "phone_code_wrong"));
    assertThat(driver.findElement(By.id("form-problem")).getText()).contains("验证码不正确");
  }

  private void signInAs(String email, String lang) {
    open("/login?lang=" + lang);
    signIn(email, MoneyFixture.PASSWORD);
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("phone")));
  }

  private void click(String id) {
    submitAndWaitForNewPage(driver.findElement(By.id(id)));
  }
}
