package org.okpay.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.okpay.TestUsers;
import org.okpay.payments.MoneyFixture;
import org.okpay.shared.LocalTimes;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A customer in Shanghai whose money has not arrived opens a case from the transaction's
 * tracker and reads, on the case, when we will reply in their own zone, with the tracker
 * attached.
 */
class SupportCaseBrowserTest extends BrowserTestSupport {

  static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");

  @Autowired JsonMapper json;
  @Autowired JdbcClient jdbc;

  @Test
  void aCustomerOpensACaseFromTheTrackerAndSeesTheAnswerByTimeInTheirZone() throws Exception {
    TestUsers.TestUser pat = users.user().country("CN").funded(30_000).create();
    MoneyFixture money = new MoneyFixture(port, json, users);
    MoneyFixture.User http = new MoneyFixture.User(pat.email(), pat.token());
    String slow = money.addBankAccount(http, "000444444440", "USD");
    String txId = money.read(money.post(http, "/api/v1/me/withdrawals",
        Map.of("bankAccountId", slow, "amountMinor", 10_000))).get("id").asString();
    jdbc.sql("update payments.transactions set expected_at = now() - interval '1 hour'"
        + " where id = :id").param("id", UUID.fromString(txId)).update();

    signInWithCookie(pat);
    open("/account/money/transactions/" + txId + "?lang=en");
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("open-case")));
    submitAndWaitForNewPage(driver.findElement(By.id("open-case")));

    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("case-form")));
    assertThat(new Select(driver.findElement(By.id("case-category"))).getFirstSelectedOption()
        .getAttribute("value")).isEqualTo("money_not_received");
    assertThat(driver.findElement(By.id("linked-transaction")).getText()).isNotBlank();
    driver.findElement(By.id("case-subject")).sendKeys("My withdrawal has not arrived");
    driver.findElement(By.id("case-message")).sendKeys("It was due an hour ago.");
    submitAndWaitForNewPage(driver.findElement(By.id("case-submit")));

    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("case-opened")));
    JsonNode c = api("/api/v1/me/support/cases", pat.token()).get("cases").get(0);
    Instant answerBy = Instant.parse(c.get("answerBy").asString());
    assertThat(c.get("link").get("id").asString()).isEqualTo(txId);
    String shown = plain(driver.findElement(By.id("answer-by")).getText());
    assertThat(shown).startsWith("We will reply by")
        .contains(plain(LocalTimes.at(answerBy, SHANGHAI, Locale.ENGLISH)))
        .contains("China Standard Time").doesNotContain("UTC");
    assertThat(driver.findElements(By.cssSelector("#case-timeline .step"))).isNotEmpty();
    assertThat(driver.findElement(By.id("case-tracker-link")).getAttribute("href"))
        .endsWith("/account/money/transactions/" + txId);
    screenshot("support-case-en");

    // A 390 px phone, in Chinese: the same time in words of the reader's language, no overflow.
    driver.manage().window().setSize(new org.openqa.selenium.Dimension(390, 844));
    open("/support/cases/" + c.get("id").asString() + "?lang=zh-CN");
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("answer-by")));
    String chinese = plain(driver.findElement(By.id("answer-by")).getText());
    assertThat(chinese).contains(plain(LocalTimes.at(answerBy, SHANGHAI, Locale.SIMPLIFIED_CHINESE)))
        .contains("中国标准时间").endsWith("前回复您");
    assertThat((Long) driver.executeScript(
        "return document.documentElement.scrollWidth - window.innerWidth;")).isLessThanOrEqualTo(0L);
    screenshot("support-case-zh");

    driver.manage().window().setSize(new org.openqa.selenium.Dimension(1280, 900));
    open("/support/cases?lang=en");
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("cases")));
    assertThat(plain(driver.findElement(By.cssSelector(".case-answer-by")).getText()))
        .contains("China Standard Time");
  }

  private JsonNode api(String path, String token) throws Exception {
    HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
            URI.create("http://127.0.0.1:" + port + path))
        .header("Authorization", "Bearer " + token).GET().build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return json.readTree(r.body());
  }

  private static String plain(String text) {
    return text.replace('\u202f', ' ').replace('\u00a0', ' ');
  }
}
