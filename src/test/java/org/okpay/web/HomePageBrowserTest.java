package org.okpay.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;

/** The home page in a real browser: content, styling, htmx, and the language switch. */
class HomePageBrowserTest extends BrowserTestSupport {

  private static final String ENGLISH_HEADING = "One account for every currency";
  private static final String CHINESE_HEADING = "一个账户，管理多种货币";
  private static final By HEADING = By.tagName("h1");

  @Test
  void showsWhatOkPayIsInEnglishByDefault() {
    open("/");

    assertThat(driver.findElement(HEADING).getText()).isEqualTo(ENGLISH_HEADING);
    assertThat(htmlLang()).isEqualTo("en");
    assertThat(driver.getTitle()).contains("OKPay");
    assertThat(driver.findElements(By.cssSelector(".cards .card"))).hasSize(6);
    assertThat(driver.findElement(By.id("api-docs-link")).getDomAttribute("href"))
        .isEqualTo("/swagger-ui.html");
    assertThat(driver.findElement(By.id("lang-en")).getDomAttribute("aria-current")).isEqualTo("true");
    assertThat(driver.findElement(By.id("lang-zh")).getDomAttribute("aria-current")).isNull();
  }

  @Test
  void loadsTheStylesheetAndHtmx() {
    open("/");

    // htmx is deferred, so wait for it rather than assume it is there at load time.
    wait.until(d -> "object".equals(driver.executeScript("return typeof window.htmx")));
    String brandColour = driver.findElement(By.cssSelector(".brand-mark")).getCssValue("background-color");
    assertThat(brandColour).isEqualTo("rgba(10, 91, 211, 1)");
  }

  @Test
  void switchesToChineseAndKeepsIt() throws Exception {
    open("/");
    assertThat(driver.findElement(HEADING).getText()).isEqualTo(ENGLISH_HEADING);

    driver.findElement(By.linkText("中文")).click();

    wait.until(ExpectedConditions.textToBe(HEADING, CHINESE_HEADING));
    assertThat(htmlLang()).isEqualTo("zh-CN");
    assertThat(driver.findElement(By.id("lang-zh")).getDomAttribute("aria-current")).isEqualTo("true");

    // A fresh visit without ?lang and a reload: the cookie must carry the choice.
    open("/");
    assertThat(driver.findElement(HEADING).getText()).isEqualTo(CHINESE_HEADING);
    driver.navigate().refresh();
    wait.until(ExpectedConditions.textToBe(HEADING, CHINESE_HEADING));
    assertThat(htmlLang()).isEqualTo("zh-CN");
    assertThat(driver.findElement(By.linkText("API 文档")).isDisplayed()).isTrue();

    Path shot = screenshot("home-zh");
    assertThat(Files.size(shot)).isPositive();

    driver.findElement(By.linkText("English")).click();
    wait.until(ExpectedConditions.textToBe(HEADING, ENGLISH_HEADING));
    assertThat(htmlLang()).isEqualTo("en");
  }

  @Test
  void unknownPageShowsErrorPageInTheChosenLanguageWithAWayHome() {
    open("/no-such-page?lang=zh-CN");

    assertThat(htmlLang()).isEqualTo("zh-CN");
    assertThat(driver.findElement(HEADING).getText()).isEqualTo("未找到");
    assertThat(driver.findElement(By.cssSelector(".error-code code")).getText()).isEqualTo("route_not_found");
    screenshot("not-found-zh");

    WebElement home = driver.findElement(By.linkText("返回首页"));
    home.click();
    wait.until(ExpectedConditions.textToBe(HEADING, CHINESE_HEADING));
  }
}
