package org.okpay.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.okpay.TestUsers;
import org.okpay.payments.Backdate;
import org.okpay.payments.MoneyFixture;
import org.okpay.payments.MoneyFixture.User;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.json.JsonMapper;

/**
 * The charts in a real Chromium, in English and Chinese: a user with payments over several days
 * sees the wallet's balance chart and the statement's money in and out drawn by ECharts (an
 * instance on the container, a canvas of real size inside), the tables under them hold the exact
 * numbers, the tracker shows its stepper, and nothing trips the Content-Security-Policy. On a 390
 * px phone the charts fit the screen.
 *
 * <p>With {@code -Dokpay.phoneScreenshots=true} it also saves the Chinese wallet, tracker and
 * statement on a 390 x 844 phone as {@code docs/screenshots/*-phone-zh.png}:
 * {@code ./okpay test -Dtest=MoneyChartsBrowserTest -Dokpay.phoneScreenshots=true}.
 */
class MoneyChartsBrowserTest extends BrowserTestSupport {

  private static final List<String> LANGUAGES = List.of("en", "zh-CN");
  private static final String WATCH_VIOLATIONS = """
      window.__cspViolations = [];
      document.addEventListener('securitypolicyviolation', function (e) {
        window.__cspViolations.push(e.violatedDirective + ' ' + e.blockedURI + ' ' + e.sample);
      });
      """;
  /** The chart's ECharts instance and the size of the canvas it drew, or null without one. */
  private static final String DRAWN = """
      var box = document.getElementById(arguments[0]);
      var chart = window.echarts && window.echarts.getInstanceByDom(box);
      var canvas = box.querySelector('canvas');
      if (!chart || !canvas) { return null; }
      var r = canvas.getBoundingClientRect();
      return [r.width, r.height, chart.getOption().series.length];
      """;

  @Autowired JsonMapper json;
  @Autowired JdbcClient jdbc;

  private MoneyFixture money;

  @BeforeAll
  void watchViolations() {
    money = new MoneyFixture(port, json, users);
    driver.executeCdpCommand("Page.addScriptToEvaluateOnNewDocument",
        Map.of("source", WATCH_VIOLATIONS));
  }

  /**
   * +200.00 forty days ago, +500.00 five days ago, -120.00 to Bob three days ago, -30.00 today:
   * the balance is 200.00, then 700.00, 580.00 and 550.00 now.
   */
  @Test
  void walletAndStatementChartsShowTheUsersNumbersInBothLanguages() throws Exception {
    TestUsers.TestUser made = users.user().currency("USD").create();
    User alice = new User(made.email(), made.token());
    User bob = money.user("USD");
    money.fund(alice, 20_000, "USD");
    Backdate.latestPayments(jdbc, alice.email(), Duration.ofDays(40));
    money.fund(alice, 50_000, "USD");
    Backdate.latestPayments(jdbc, alice.email(), Duration.ofDays(5));
    send(alice, bob.email(), 12_000, "USD", "Rent share");
    Backdate.latestPayments(jdbc, alice.email(), Duration.ofDays(3));
    send(alice, bob.email(), 3_000, "USD", "Lunch");
    signInWithCookie(made);
    LocalDate today = LocalDate.now(ZoneOffset.UTC);

    for (String lang : LANGUAGES) {
      open("/account/money?lang=" + lang);
      assertDrawn("balance-chart-USD", 1);
      List<WebElement> days = rows("balance-chart-USD-table");
      assertThat(days).as("one row a day").hasSize(90);
      assertThat(minor(days.get(89), 1)).as("today").isEqualTo(55_000);
      assertThat(minor(days.get(87), 1)).as("two days ago, carried").isEqualTo(58_000);
      assertThat(minor(days.get(84), 1)).as("five days ago").isEqualTo(70_000);
      assertThat(minor(days.get(49), 1)).as("forty days ago").isEqualTo(20_000);
      assertThat(minor(days.get(0), 1)).as("89 days ago").isZero();
      assertThat(dayLabel(days.get(89))).isEqualTo(lang.equals("en")
          ? today.format(DateTimeFormatter.ofPattern("MMM d", Locale.ENGLISH))
          : today.getMonthValue() + "月" + today.getDayOfMonth() + "日");
      assertThat(driver.findElement(By.id("balance-chart-USD")).getDomAttribute("aria-label"))
          .contains("90").contains(lang.equals("en") ? "balance" : "余额");

      open("/account/money/statements/" + YearMonth.from(today) + "?lang=" + lang);
      assertDrawn("flows-chart-USD", 2);
      List<WebElement> months = rows("flows-chart-USD-table");
      assertThat(months).as("from the month of the first top-up to this month").hasSize((int)
          ChronoUnit.MONTHS.between(YearMonth.from(today.minusDays(40)), YearMonth.from(today))
          + 1);
      long in = 0;
      long out = 0;
      for (WebElement month : months) {
        in += minor(month, 1);
        out += minor(month, 2);
      }
      assertThat(in).isEqualTo(70_000);
      assertThat(out).isEqualTo(15_000);
      assertThat(minor(months.getLast(), 2)).as("this month's out includes today's 30.00")
          .isGreaterThanOrEqualTo(3_000);
      assertThat(violations()).as(lang).isEmpty();
    }

    open("/account/money/transactions?lang=en");
    open(driver.findElement(By.cssSelector(".tx-row .tx-link")).getDomAttribute("href"));
    List<WebElement> stages = driver.findElements(By.cssSelector("#stepper .stage"));
    assertThat(stages).extracting(s -> s.getDomAttribute("data-status"))
        .containsExactly("done", "done", "done");
    assertThat(stages.getLast().getDomAttribute("data-stage")).isEqualTo("arrived");
  }

  /** A withdrawal on its way: the stepper says where it is and when it should arrive. */
  @Test
  void theTrackerStepperShowsTheExpectedArrival() throws Exception {
    TestUsers.TestUser made = users.user().currency("USD").create();
    User pat = new User(made.email(), made.token());
    money.fund(pat, 50_000, "USD");
    String bank = money.addBankAccount(pat, "000123456789", "USD");
    HttpResponse<String> sent = money.post(pat, "/api/v1/me/withdrawals",
        Map.of("bankAccountId", bank, "amountMinor", 10_000));
    assertThat(sent.statusCode()).as(sent.body()).isIn(201, 202);
    String id = money.read(sent).get("id").asString();
    signInWithCookie(made);

    for (String lang : LANGUAGES) {
      open("/account/money/transactions/" + id + "?lang=" + lang);
      List<WebElement> stages = driver.findElements(By.cssSelector("#stepper .stage"));
      assertThat(stages).extracting(s -> s.getDomAttribute("data-status"))
          .containsExactly("done", "current", "todo");
      assertThat(stages.get(1).getDomAttribute("aria-current")).isEqualTo("step");
      assertThat(driver.findElement(By.id("stepper-eta")).getText())
          .startsWith(lang.equals("en") ? "Expected" : "预计");
    }
  }

  @Test
  void onAPhoneTheChartsFitTheScreen() throws Exception {
    TestUsers.TestUser made = users.user().currency("USD").create();
    User pat = new User(made.email(), made.token());
    money.fund(pat, 20_000, "USD");
    Backdate.latestPayments(jdbc, pat.email(), Duration.ofDays(2));
    signInWithCookie(made);
    driver.executeCdpCommand("Emulation.setDeviceMetricsOverride", Map.of(
        "width", 390, "height", 844, "deviceScaleFactor", 1, "mobile", false));
    try {
      for (String page : List.of("/account/money", "/account/money/statements/"
          + YearMonth.now(ZoneOffset.UTC))) {
        for (String lang : LANGUAGES) {
          open(page + "?lang=" + lang);
          String chart = page.endsWith("money") ? "balance-chart-USD" : "flows-chart-USD";
          List<Number> size = assertDrawn(chart, page.endsWith("money") ? 1 : 2);
          assertThat(size.get(0).doubleValue()).as("chart width").isBetween(300.0, 390.0);
          @SuppressWarnings("unchecked")
          List<Number> widths = (List<Number>) driver.executeScript(
              "return [document.documentElement.scrollWidth, window.innerWidth];");
          assertThat(widths.get(0).longValue()).as(page + " " + lang)
              .isLessThanOrEqualTo(widths.get(1).longValue());
        }
      }
      screenshotsIfAsked();
    } finally {
      driver.executeCdpCommand("Emulation.clearDeviceMetricsOverride", Map.of());
    }
  }

  /** Waits for charts.js to draw the chart and checks ECharts drew it; returns its canvas size. */
  @SuppressWarnings("unchecked")
  private List<Number> assertDrawn(String id, int seriesCount) {
    wait.until(d -> "true".equals(d.findElement(By.id(id)).getDomAttribute("data-chart-drawn"))
        || d.findElement(By.id(id)).getDomAttribute("data-chart-error") != null);
    assertThat(driver.findElement(By.id(id)).getDomAttribute("data-chart-error")).isNull();
    List<Number> drawn = (List<Number>) driver.executeScript(DRAWN, id);
    assertThat(drawn).as("an ECharts instance with a canvas in #" + id).isNotNull();
    assertThat(drawn.get(0).doubleValue()).as("canvas width").isPositive();
    assertThat(drawn.get(1).doubleValue()).as("canvas height").isPositive();
    assertThat(drawn.get(2).intValue()).as("series").isEqualTo(seriesCount);
    assertThat(driver.findElement(By.id(id)).getDomAttribute("role")).isEqualTo("img");
    return drawn;
  }

  private List<WebElement> rows(String tableId) {
    return driver.findElements(By.cssSelector("#" + tableId + " tbody tr"));
  }

  private static long minor(WebElement row, int column) {
    return Long.parseLong(row.findElements(By.tagName("td")).get(column)
        .getDomAttribute("data-minor"));
  }

  private static String dayLabel(WebElement row) {
    return row.findElements(By.tagName("td")).getFirst().getAttribute("textContent").strip();
  }

  private void send(User from, String to, long amountMinor, String currency, String note)
      throws Exception {
    HttpResponse<String> sent = money.post(from, "/api/v1/me/transfers", Map.of(
        "recipientEmail", to, "amountMinor", amountMinor, "currency", currency, "note", note));
    assertThat(sent.statusCode()).as(sent.body()).isEqualTo(201);
  }

  @SuppressWarnings("unchecked")
  private List<String> violations() {
    return (List<String>) driver.executeScript("return window.__cspViolations || ['no watcher']");
  }

  /**
   * A Chinese user's last three months in CNY (top-ups, payments to and from a friend), then a
   * withdrawal on its way: the wallet, its tracker and this month's statement on the phone.
   */
  private void screenshotsIfAsked() throws Exception {
    if (!Boolean.getBoolean("okpay.phoneScreenshots")) {
      return;
    }
    TestUsers.TestUser made = users.user().currency("CNY").displayName("王小明").country("CN")
        .create();
    User wang = new User(made.email(), made.token());
    TestUsers.TestUser friendMade = users.user().currency("CNY").displayName("李华")
        .country("CN").create();
    User li = new User(friendMade.email(), friendMade.token());
    money.fund(wang, 500_000, "CNY");
    Backdate.latestPayments(jdbc, wang.email(), Duration.ofDays(80));
    send(wang, li.email(), 120_000, "CNY", "房租");
    Backdate.latestPayments(jdbc, wang.email(), Duration.ofDays(62));
    money.fund(wang, 300_000, "CNY");
    Backdate.latestPayments(jdbc, wang.email(), Duration.ofDays(47));
    send(wang, li.email(), 120_000, "CNY", "房租");
    Backdate.latestPayments(jdbc, wang.email(), Duration.ofDays(32));
    money.fund(li, 100_000, "CNY");
    send(li, wang.email(), 45_000, "CNY", "聚餐 AA");
    Backdate.latestPayments(jdbc, li.email(), Duration.ofDays(20));
    send(wang, li.email(), 120_000, "CNY", "房租");
    Backdate.latestPayments(jdbc, wang.email(), Duration.ofDays(3));
    send(wang, li.email(), 3_850, "CNY", "午饭");
    String bank = money.addBankAccount(wang, "000123456789", "CNY");
    HttpResponse<String> withdrawal = money.post(wang, "/api/v1/me/withdrawals",
        Map.of("bankAccountId", bank, "amountMinor", 50_000));
    assertThat(withdrawal.statusCode()).as(withdrawal.body()).isIn(201, 202);
    String tracker = money.read(withdrawal).get("id").asString();
    signInWithCookie(made);

    open("/account/money?lang=zh-CN");
    assertDrawn("balance-chart-CNY", 1);
    scrollTo("balances-heading");
    save("wallet-phone-zh");
    open("/account/money/transactions/" + tracker + "?lang=zh-CN");
    scrollTo("tracker-heading");
    save("tracker-phone-zh");
    open("/account/money/statements/" + YearMonth.now(ZoneOffset.UTC) + "?lang=zh-CN");
    assertDrawn("flows-chart-CNY", 2);
    scrollTo("summary-heading");
    save("statement-phone-zh");
  }

  private void scrollTo(String id) {
    driver.executeScript("var e = document.getElementById(arguments[0]).closest('section');"
        + "window.scrollTo(0, e.getBoundingClientRect().top + window.scrollY - 8);", id);
  }

  private void save(String name) throws Exception {
    Path target = Path.of("docs", "screenshots", name + ".png");
    Files.createDirectories(target.getParent());
    Files.copy(screenshot(name), target, StandardCopyOption.REPLACE_EXISTING);
  }
}
