package org.okpay.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/** The public price list in a real browser: fee schedule, limits and today's rates, zh and en. */
class FeesBrowserTest extends BrowserTestSupport {

  @Test
  void showsTheScheduleLimitsAndRatesInEnglish() {
    open("/?lang=en");
    submitAndWaitForNewPage(driver.findElement(By.id("footer-fees")));

    assertThat(driver.getCurrentUrl()).endsWith("/fees");
    assertThat(driver.findElement(By.tagName("h1")).getText())
        .isEqualTo("Fees, limits and exchange rates");
    assertThat(row("convert", "*").getText())
        .contains("Convert between your balances", "All currencies", "0.5 %");
    assertThat(row("cross_border", "USD").findElement(By.className("fee")).getText())
        .isEqualTo("1 %, at least $2.00");
    assertThat(row("withdrawal", "JPY").findElement(By.className("fee")).getText())
        .isEqualTo("¥100");
    assertThat(row("p2p", "*").findElement(By.className("fee")).getText()).isEqualTo("Free");

    WebElement p2p = driver.findElement(By.cssSelector(".limit-row[data-operation='p2p']"));
    assertThat(p2p.findElement(By.className("verified-daily")).getText())
        .isEqualTo("$10,000.00");
    assertThat(p2p.findElement(By.className("unverified-daily")).getText())
        .isEqualTo("$100.00");

    assertThat(driver.findElements(By.cssSelector("#rates tbody tr"))).hasSize(6);
    assertThat(driver.findElement(By.id("rates-USD")).getText()).contains("USD", "1");
    screenshot("fees-en");
    driver.executeScript("document.getElementById('limits').scrollIntoView()");
    screenshot("fees-en-limits-rates");
  }

  @Test
  void showsTheScheduleInChinese() {
    open("/fees?lang=zh-CN");

    assertThat(htmlLang()).isEqualTo("zh-CN");
    assertThat(driver.findElement(By.tagName("h1")).getText()).isEqualTo("手续费、限额与汇率");
    assertThat(row("convert", "*").getText()).contains("余额之间换汇", "所有币种", "0.5%");
    assertThat(row("cross_border", "CNY").findElement(By.className("fee")).getText())
        .isEqualTo("1%, 最低 ¥15.00");
    assertThat(row("p2p", "*").findElement(By.className("fee")).getText()).isEqualTo("免费");
    assertThat(driver.findElement(By.id("limits")).getText()).contains("已验证账户", "未验证账户");
    assertThat(driver.findElement(By.id("rates-heading")).getText()).isEqualTo("汇率");
    screenshot("fees-zh");
  }

  private WebElement row(String operation, String currency) {
    return driver.findElement(By.cssSelector(".fee-row[data-operation='" + operation
        + "'][data-currency='" + currency + "']"));
  }
}
