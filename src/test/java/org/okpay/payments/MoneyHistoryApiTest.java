package org.okpay.payments;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.okpay.OkPayTest;
import org.okpay.TestUsers;
import org.okpay.payments.MoneyFixture.User;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The series behind the wallet's and the statement's charts, over the API, with exact numbers
 * from known payments moved into the past ({@link Backdate}): a day without payments carries the
 * balance forward, each user sees only their own balances, bad parameters are 400s.
 */
@OkPayTest
class MoneyHistoryApiTest {

  @LocalServerPort int port;
  @Autowired JsonMapper json;
  @Autowired TestUsers users;
  @Autowired JdbcClient jdbc;

  MoneyFixture money;
  User alice;
  User bob;
  LocalDate today;

  /**
   * Alice: +200.00 forty days ago, +500.00 five days ago, -120.00 to Bob three days ago, -30.00
   * to Bob today (card top-ups put the whole amount in the balance; the fee is on the card;
   * payments between users are free). Oldest first, so the ledger's order stays the time order.
   */
  @BeforeEach
  void history() throws Exception {
    money = new MoneyFixture(port, json, users);
    alice = money.user("USD");
    bob = money.user("USD");
    today = LocalDate.now(ZoneOffset.UTC);
    money.fund(alice, 20_000, "USD");
    Backdate.latestPayments(jdbc, alice.email(), Duration.ofDays(40));
    money.fund(alice, 50_000, "USD");
    Backdate.latestPayments(jdbc, alice.email(), Duration.ofDays(5));
    send(alice, bob, 12_000);
    Backdate.latestPayments(jdbc, alice.email(), Duration.ofDays(3));
    send(alice, bob, 3_000);
  }

  @Test
  void balanceAtTheEndOfEachDayCarriedOverQuietDays() throws Exception {
    JsonNode history = money.get(alice, "/api/v1/me/balances/history?days=10");

    assertThat(history.get("firstDay").asString()).isEqualTo(today.minusDays(9).toString());
    assertThat(history.get("lastDay").asString()).isEqualTo(today.toString());
    assertThat(history.get("timeZone").asString()).isEqualTo("UTC");
    assertThat(days(history, "USD")).containsExactlyEntriesOf(expected(Map.of(
        9, 20_000L, 5, 70_000L, 3, 58_000L, 0, 55_000L), 10));
    assertThat(money.balance(alice, "USD")).isEqualTo(55_000);
  }

  @Test
  void ninetyDaysByDefault() throws Exception {
    JsonNode history = money.get(alice, "/api/v1/me/balances/history");

    Map<String, Long> days = days(history, "USD");
    assertThat(days).hasSize(90);
    assertThat(days.get(today.minusDays(89).toString())).isZero();
    assertThat(days.get(today.minusDays(40).toString())).isEqualTo(20_000);
    assertThat(days.get(today.toString())).isEqualTo(55_000);
  }

  @Test
  void eachUserSeesOnlyTheirOwnBalances() throws Exception {
    JsonNode history = money.get(bob, "/api/v1/me/balances/history?days=10");

    assertThat(history.get("currencies")).hasSize(1);
    assertThat(days(history, "USD")).containsExactlyEntriesOf(expected(Map.of(
        9, 0L, 3, 12_000L, 0, 15_000L), 10));
    JsonNode months = money.get(bob, "/api/v1/me/statements/monthly-totals?months=3");
    long bobIn = 0;
    long bobOut = 0;
    for (JsonNode month : currency(months, "USD").get("months")) {
      bobIn += month.get("inMinor").asLong();
      bobOut += month.get("outMinor").asLong();
    }
    assertThat(bobIn).as("what Alice sent, not what she topped up").isEqualTo(15_000);
    assertThat(bobOut).isZero();
  }

  @Test
  void moneyInAndOutPerMonthAsTheStatementCountsIt() throws Exception {
    YearMonth thisMonth = YearMonth.from(today);
    JsonNode totals = money.get(alice, "/api/v1/me/statements/monthly-totals?months=3&to="
        + thisMonth);

    Map<YearMonth, long[]> expected = new TreeMap<>();
    for (YearMonth m = thisMonth.minusMonths(2); !m.isAfter(thisMonth); m = m.plusMonths(1)) {
      expected.put(m, new long[] {0, 0, 0});
    }
    add(expected, 40, 20_000, 0);
    add(expected, 5, 50_000, 0);
    add(expected, 3, 0, 12_000);
    add(expected, 0, 0, 3_000);
    long closing = 0;
    JsonNode months = currency(totals, "USD").get("months");
    assertThat(months).hasSize(3);
    int i = 0;
    for (Map.Entry<YearMonth, long[]> month : expected.entrySet()) {
      closing += month.getValue()[0] - month.getValue()[1];
      JsonNode got = months.get(i++);
      assertThat(got.get("month").asString()).isEqualTo(month.getKey().toString());
      assertThat(got.get("inMinor").asLong()).as("in, %s", month.getKey())
          .isEqualTo(month.getValue()[0]);
      assertThat(got.get("outMinor").asLong()).as("out, %s", month.getKey())
          .isEqualTo(month.getValue()[1]);
      assertThat(got.get("closingMinor").asLong()).as("closing, %s", month.getKey())
          .isEqualTo(closing);
    }
    JsonNode statement = money.get(alice, "/api/v1/me/statements/" + thisMonth);
    JsonNode summary = statement.get("currencies").get(0);
    JsonNode last = months.get(2);
    assertThat(summary.get("moneyIn").get("amountMinor").asLong())
        .isEqualTo(last.get("inMinor").asLong());
    assertThat(summary.get("moneyOut").get("amountMinor").asLong())
        .isEqualTo(last.get("outMinor").asLong());
    assertThat(summary.get("closing").get("amountMinor").asLong())
        .isEqualTo(last.get("closingMinor").asLong());
  }

  @Test
  void badParametersAreFieldErrors() throws Exception {
    for (Map.Entry<String, List<String>> bad : Map.of(
        "/api/v1/me/balances/history?days=0", List.of("days", "out_of_range"),
        "/api/v1/me/balances/history?days=367", List.of("days", "out_of_range"),
        "/api/v1/me/balances/history?days=ninety", List.of("days", "format"),
        "/api/v1/me/statements/monthly-totals?months=37", List.of("months", "out_of_range"),
        "/api/v1/me/statements/monthly-totals?to=2026-13", List.of("to", "format"),
        "/api/v1/me/statements/monthly-totals?to=0001-01", List.of("to", "out_of_range"))
        .entrySet()) {
      HttpResponse<String> response = money.send("GET", bad.getKey(), null, alice.token(), null);
      assertThat(response.statusCode()).as(bad.getKey()).isEqualTo(400);
      assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
          type -> assertThat(type).startsWith("application/problem+json"));
      JsonNode error = money.read(response).get("errors").get(0);
      assertThat(List.of(error.get("field").asString(), error.get("code").asString()))
          .as(bad.getKey()).isEqualTo(bad.getValue());
    }
    HttpResponse<String> anonymous = money.send("GET", "/api/v1/me/balances/history", null,
        null, null);
    assertThat(anonymous.statusCode()).isEqualTo(401);
  }

  @Test
  void documentedInTheOpenApiDocument() throws Exception {
    HttpResponse<String> doc = money.send("GET", "/v3/api-docs", null, null, null);
    assertThat(doc.statusCode()).isEqualTo(200);
    JsonNode paths = money.read(doc).get("paths");
    assertThat(parameters(paths, "/api/v1/me/balances/history")).containsExactly("days");
    assertThat(parameters(paths, "/api/v1/me/statements/monthly-totals"))
        .containsExactly("months", "to");
  }

  private static List<String> parameters(JsonNode paths, String path) {
    JsonNode get = paths.get(path).get("get");
    assertThat(get.get("summary").asString()).as(path).isNotBlank();
    List<String> names = new java.util.ArrayList<>();
    get.get("parameters").forEach(p -> {
      assertThat(p.path("description").asString()).as(path).isNotBlank();
      names.add(p.get("name").asString());
    });
    return names;
  }

  private void send(User from, User to, long amountMinor) throws Exception {
    HttpResponse<String> sent = money.post(from, "/api/v1/me/transfers", Map.of(
        "recipientEmail", to.email(), "amountMinor", amountMinor, "currency", "USD"));
    assertThat(sent.statusCode()).as(sent.body()).isEqualTo(201);
  }

  private void add(Map<YearMonth, long[]> months, int daysAgo, long in, long out) {
    long[] month = months.get(YearMonth.from(today.minusDays(daysAgo)));
    month[0] += in;
    month[1] += out;
  }

  /** Day (ISO) to balance, for the last {@code days} days, from balances set on some days. */
  private Map<String, Long> expected(Map<Integer, Long> changedDaysAgo, int days) {
    Map<String, Long> all = new LinkedHashMap<>();
    long balance = 0;
    for (int ago = days - 1; ago >= 0; ago--) {
      balance = changedDaysAgo.getOrDefault(ago, balance);
      all.put(today.minusDays(ago).toString(), balance);
    }
    return all;
  }

  private static Map<String, Long> days(JsonNode history, String currency) {
    Map<String, Long> days = new LinkedHashMap<>();
    for (JsonNode day : currency(history, currency).get("days")) {
      days.put(day.get("day").asString(), day.get("balanceMinor").asLong());
    }
    return days;
  }

  private static JsonNode currency(JsonNode body, String currency) {
    for (JsonNode c : body.get("currencies")) {
      if (c.get("currency").asString().equals(currency)) {
        return c;
      }
    }
    throw new AssertionError("no " + currency + " in " + body);
  }
}
