package org.okpay.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.okpay.TestUsers;
import org.okpay.shared.LocalTimes;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Issue 12, item 1, in Chromium and in both languages, for a user in Asia/Shanghai (UTC+8): the
 * lock message on /login and the transaction tracker show local times with the zone named (the
 * lock also how long from now); registration takes the browser's zone; the account page changes
 * the zone; the API keeps answering in UTC.
 */
class TimeZoneBrowserTest extends BrowserTestSupport {

  private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");

  @Autowired
  private JsonMapper json;

  /** The browser reports this zone to pages, as a computer set to it would. */
  private void browserIn(String zone) {
    driver.executeCdpCommand("Emulation.setTimezoneOverride", Map.of("timezoneId", zone));
  }

  @Test
  void theLockMessageShowsTheTimeInTheBrowsersZone() {
    browserIn("Asia/Shanghai");
    for (String lang : List.of("zh-CN", "en")) {
      Locale locale = Locale.forLanguageTag(lang);
      String email = users.user().create().email();
      open("/login?lang=" + lang);
      for (int attempt = 1; attempt <= 4; attempt++) {
        signIn(email, "Not-The-Password-" + attempt);
        wait.until(ExpectedConditions.attributeToBe(By.id("form-problem"), "data-code",
            "invalid_credentials"));
      }
      Instant before = Instant.now().truncatedTo(ChronoUnit.MINUTES);
      signIn(email, "Not-The-Password-5");
      wait.until(ExpectedConditions.attributeToBe(By.id("form-problem"), "data-code",
          "account_locked"));
      Instant after = Instant.now();
      String advice = plain(driver.findElement(By.cssSelector("#form-problem .advice")).getText());
      // The lock lasts 15 minutes from the fifth failure: that moment's Shanghai clock, named.
      List<String> expected = new ArrayList<>();
      for (Instant t = before; !t.isAfter(after); t = t.plus(1, ChronoUnit.MINUTES)) {
        expected.add(plain(LocalTimes.at(t.plus(15, ChronoUnit.MINUTES), SHANGHAI, locale)));
      }
      assertThat(expected).as(advice).anyMatch(advice::contains);
      if (lang.equals("zh-CN")) {
        assertThat(advice).contains("中国标准时间").containsPattern("（1[45] 分钟后）")
            .doesNotContain("UTC");
      } else {
        assertThat(advice).contains("China Standard Time").containsPattern("\\(in 1[45] minutes\\)")
            .doesNotContain("UTC");
      }
      screenshot("time-zone-lock-" + lang);
    }
  }

  @Test
  void theTrackerShowsLocalTimesAndTheApiStaysUtc() throws Exception {
    TestUsers.TestUser user = users.user().country("CN").funded(10_000).create();
    JsonNode tx = api("GET", "/api/v1/me/transactions", user.token(), null)
        .get("transactions").get(0);
    String createdAt = tx.get("createdAt").asString();
    assertThat(createdAt).endsWith("Z"); // the API: ISO-8601 UTC whatever the user's zone
    Instant created = Instant.parse(createdAt);
    // The CSV is a document for the user: their clock, with the offset so the moment is exact.
    HttpResponse<String> csv = send("GET", "/api/v1/me/transactions.csv", user.token(), null);
    assertThat(csv.body()).contains(tx.get("id").asString() + ","
        + created.atZone(SHANGHAI).toOffsetDateTime().truncatedTo(ChronoUnit.SECONDS)
            .format(java.time.format.DateTimeFormatter.ISO_OFFSET_DATE_TIME) + ",")
        .containsPattern("T\\d{2}:\\d{2}:\\d{2}\\+08:00,");
    signInWithCookie(user);
    for (String lang : List.of("zh-CN", "en")) {
      open("/account/money/transactions/" + tx.get("id").asString() + "?lang=" + lang);
      wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("tx-created")));
      String shown = plain(driver.findElement(By.id("tx-created")).getText());
      // Eight hours ahead of UTC, and the zone named.
      assertThat(shown).isEqualTo(
          plain(LocalTimes.at(created, SHANGHAI, Locale.forLanguageTag(lang))));
      assertThat(shown).contains(lang.equals("en") ? "China Standard Time" : "中国标准时间")
          .isNotEqualTo(plain(LocalTimes.at(created, ZoneOffset.UTC, Locale.forLanguageTag(lang))));
      if (lang.equals("zh-CN")) {
        var local = created.atZone(SHANGHAI);
        assertThat(shown)
            .contains(String.format(" %02d:%02d ", local.getHour(), local.getMinute()));
      }
      assertThat(driver.findElements(By.cssSelector("#timeline .step-time")))
          .isNotEmpty().allSatisfy(step -> assertThat(step.getText())
              .endsWith(lang.equals("en") ? "China Standard Time" : "中国标准时间"));
      screenshot("time-zone-tracker-" + lang);
    }
  }

  @Test
  void registrationTakesTheBrowsersZone() throws Exception {
    browserIn("Asia/Shanghai");
    open("/register?lang=en");
    wait.until(d -> "Asia/Shanghai".equals(
        d.findElement(By.id("timeZone")).getDomProperty("value")));
    String email = "tz-" + UUID.randomUUID().toString().substring(0, 12) + "@example.com";
    driver.findElement(By.id("email")).sendKeys(email);
    driver.findElement(By.id("displayName")).sendKeys("Li Lei");
    typeNewPassword(TestUsers.PASSWORD);
    // A US address, so the zone can only have come from the browser (the US would be New York).
    new Select(driver.findElement(By.id("country"))).selectByValue("US");
    submitAndWaitForNewPage(driver.findElement(By.id("register-button")));
    assertThat(driver.getCurrentUrl()).doesNotContain("error");

    JsonNode token = api("POST", "/api/v1/auth/tokens", null,
        "{\"email\":\"" + email + "\",\"password\":\"" + TestUsers.PASSWORD + "\"}");
    JsonNode me = api("GET", "/api/v1/me", token.get("token").asString(), null);
    assertThat(me.get("timeZone").asString()).isEqualTo("Asia/Shanghai");
  }

  @Test
  void theAccountPageChangesTheZone() throws Exception {
    TestUsers.TestUser user = users.user().country("CN").create();
    signInWithCookie(user);
    open("/account?lang=zh-CN");
    Select zones = new Select(driver.findElement(By.id("time-zone-select")));
    assertThat(zones.getFirstSelectedOption().getDomAttribute("value")).isEqualTo("Asia/Shanghai");
    assertThat(plain(driver.findElement(By.id("time-zone")).getText())).contains("时区");
    zones.selectByValue("Europe/Berlin");
    submitAndWaitForNewPage(driver.findElement(By.id("time-zone-save")));
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("time-zone-saved")));
    assertThat(new Select(driver.findElement(By.id("time-zone-select")))
        .getFirstSelectedOption().getDomAttribute("value")).isEqualTo("Europe/Berlin");
    // The sessions table now speaks Berlin time.
    assertThat(driver.findElement(By.id("main")).getText()).contains("中欧");

    JsonNode me = api("GET", "/api/v1/me", user.token(), null);
    assertThat(me.get("timeZone").asString()).isEqualTo("Europe/Berlin");
    JsonNode sessions = api("GET", "/api/v1/me/sessions", user.token(), null);
    assertThat(sessions.get(0).get("createdAt").asString()).endsWith("Z");

    // The API changes it too, and refuses what is not an IANA zone.
    HttpResponse<String> bad = send("PATCH", "/api/v1/me", user.token(),
        "{\"timeZone\":\"+08:00\"}");
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(json.readTree(bad.body()).get("code").asString()).isEqualTo("validation_failed");
    assertThat(bad.body()).contains("timeZone");
    JsonNode changed = api("PATCH", "/api/v1/me", user.token(), "{\"timeZone\":\"UTC\"}");
    assertThat(changed.get("timeZone").asString()).isEqualTo("UTC");
    open("/account?lang=en");
    assertThat(new Select(driver.findElement(By.id("time-zone-select")))
        .getFirstSelectedOption().getDomAttribute("value")).isEqualTo("UTC");
  }

  /** Spaces as a person reads them: the narrow and no-break spaces of CLDR formats too. */
  private static String plain(String text) {
    return text.replace('\u202f', ' ').replace('\u00a0', ' ');
  }

  private JsonNode api(String method, String path, String bearer, String body) throws Exception {
    HttpResponse<String> response = send(method, path, bearer, body);
    assertThat(response.statusCode()).as(response.body()).isBetween(200, 299);
    return json.readTree(response.body());
  }

  private HttpResponse<String> send(String method, String path, String bearer, String body)
      throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url(path)))
        .header("Content-Type", "application/json")
        .header("Accept", path.endsWith(".csv") ? "text/csv" : "application/json")
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body));
    if (bearer != null) {
      request.header("Authorization", "Bearer " + bearer);
    }
    return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
  }
}
