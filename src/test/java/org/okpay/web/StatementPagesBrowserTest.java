package org.okpay.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.okpay.TestUsers;
import org.okpay.payments.MoneyFixture;
import org.okpay.payments.MoneyFixture.User;
import org.okpay.payments.PaymentsApi;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.json.JsonMapper;

/**
 * A month with more lines than a statement page in a real Chromium, in English and Chinese, on a
 * 390 px phone: the first page holds {@link PaymentsApi#STATEMENT_PAGE} lines under the whole
 * month's totals, "more lines" opens the rest, every line is shown once, and the CSV link is
 * there for the whole month at once.
 */
class StatementPagesBrowserTest extends BrowserTestSupport {

  /** Lines beyond the first page. */
  private static final int MORE = 4;

  @Autowired JsonMapper json;
  @Autowired JdbcClient jdbc;

  private MoneyFixture money;

  @BeforeAll
  void fixture() {
    money = new MoneyFixture(port, json, users);
  }

  @Test
  void moreLinesOpensTheRestOfTheMonthInBothLanguagesOnAPhone() throws Exception {
    TestUsers.TestUser made = users.user().currency("USD").create();
    User pat = new User(made.email(), made.token());
    money.fund(pat, 20_000, "USD");
    // Failed attempts fill the month's list quickly; no money moved, so the totals stay the
    // top-up's (the ledger sums them, not the lines).
    int failed = jdbc.sql("""
        insert into payments.transactions (id, user_id, operation, state, amount_minor, currency,
          fee_minor, counterparty, limit_amount_minor, failure_code, idempotency_key,
          request_hash, created_at, updated_at)
        select gen_random_uuid(), u.id, 'p2p', 'failed', 100 + n, 'USD', 0,
               'someone-' || n || '@example.com', 100 + n, 'payment_interrupted',
               'statement-pages-' || n, 'x', now() - n * interval '1 millisecond', now()
          from identity.users u, generate_series(1, :count) n
         where lower(u.email) = lower(:email)
        """).param("count", PaymentsApi.STATEMENT_PAGE - 1 + MORE)
        .param("email", made.email()).update();
    assertThat(failed).isEqualTo(PaymentsApi.STATEMENT_PAGE - 1 + MORE);
    signInWithCookie(made);
    String month = YearMonth.now(ZoneOffset.UTC).toString();
    driver.executeCdpCommand("Emulation.setDeviceMetricsOverride", Map.of(
        "width", 390, "height", 844, "deviceScaleFactor", 1, "mobile", false));
    try {
      for (String lang : List.of("en", "zh-CN")) {
        open("/account/money/statements/" + month + "?lang=" + lang);
        assertFits(lang + " first page");
        assertThat(driver.findElement(By.cssSelector("#summary-USD .summary-in")).getText())
            .contains("200");
        assertThat(driver.findElement(By.id("statement-csv")).getDomAttribute("href"))
            .isEqualTo("/account/money/statements/" + month + ".csv");
        List<String> seen = new ArrayList<>(lineIds());
        assertThat(seen).hasSize(PaymentsApi.STATEMENT_PAGE);
        assertThat(driver.findElements(By.id("statement-first"))).isEmpty();

        WebElement more = driver.findElement(By.id("statement-more"));
        assertThat(more.getText()).isEqualTo(lang.equals("en") ? "More lines" : "更多明细");
        submitAndWaitForNewPage(more);
        assertFits(lang + " second page");
        List<String> rest = lineIds();
        assertThat(rest).hasSize(MORE);
        seen.addAll(rest);
        assertThat(new HashSet<>(seen)).as("every line once").hasSize(seen.size());
        assertThat(driver.findElements(By.id("statement-more"))).isEmpty();
        assertThat(driver.findElement(By.cssSelector("#summary-USD .summary-in")).getText())
            .as("the whole month's totals on every page").contains("200");
        assertThat(driver.findElement(By.id("statement-first")).getText())
            .isEqualTo(lang.equals("en") ? "The month's newest lines" : "本月最新的明细");
      }
      open("/account/money/statements/" + month + "?cursor=not-a-cursor&lang=en");
      assertThat(driver.findElement(By.id("form-problem")).getText()).isNotBlank();
      assertThat(lineIds()).hasSize(PaymentsApi.STATEMENT_PAGE);
    } finally {
      driver.executeCdpCommand("Emulation.clearDeviceMetricsOverride", Map.of());
    }
  }

  /** The ids of the lines shown, in order. */
  private List<String> lineIds() {
    return driver.findElements(By.cssSelector(".tx-table tr.tx-row")).stream()
        .map(row -> row.getDomAttribute("data-id")).toList();
  }

  private void assertFits(String what) {
    @SuppressWarnings("unchecked")
    List<Number> widths = (List<Number>) driver.executeScript(
        "return [document.documentElement.scrollWidth, window.innerWidth];");
    assertThat(widths.get(0).longValue()).as(what).isLessThanOrEqualTo(widths.get(1).longValue());
  }
}
