package org.okpay.payments;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.okpay.OkPayTest;
import org.okpay.TestUsers;
import org.okpay.payments.MoneyFixture.User;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The history's reads (two index branches, made and received, merged; the text search over the
 * trigram-indexed expression; the statement's ledger totals) answer what they answered as one
 * condition: every row of the caller once, newest first, across pages, and nobody else's.
 */
@OkPayTest
class HistoryQueriesTest {

  @LocalServerPort int port;
  @Autowired JsonMapper json;
  @Autowired TestUsers users;

  MoneyFixture money;

  @BeforeEach
  void setUp() {
    money = new MoneyFixture(port, json, users);
  }

  @Test
  void madeAndReceivedRowsAreMergedNewestFirstAcrossPagesAndScopedToTheCaller()
      throws Exception {
    User alice = money.user("USD");
    User bob = money.user("USD");
    User carol = money.user("USD");
    money.fund(alice, 50_000, "USD");
    money.fund(bob, 50_000, "USD");
    List<String> bobs = new ArrayList<>(); // Bob's rows, oldest first
    bobs.add(only(money.get(bob, "/api/v1/me/transactions")).get("id").asString()); // top-up
    for (int i = 0; i < 3; i++) {
      bobs.add(pay(alice, bob, 100 + i, "rent from alice " + i));
      bobs.add(pay(bob, carol, 200 + i, "rent to carol " + i));
    }
    String alicesToCarol = pay(alice, carol, 300, "rent to carol from alice");

    List<String> newestFirst = ids(money.get(bob, "/api/v1/me/transactions?limit=100"));
    assertThat(newestFirst).containsExactlyElementsOf(bobs.reversed());
    assertThat(newestFirst).doesNotContain(alicesToCarol);

    List<String> paged = new ArrayList<>();
    String cursor = null;
    do {
      JsonNode page = money.get(bob, "/api/v1/me/transactions?limit=2"
          + (cursor == null ? "" : "&cursor=" + cursor));
      paged.addAll(ids(page));
      JsonNode next = page.get("nextCursor");
      cursor = next == null || next.isNull() ? null : next.asString();
    } while (cursor != null);
    assertThat(paged).containsExactlyElementsOf(newestFirst);

    List<String> carolsRent = ids(money.get(carol, "/api/v1/me/transactions?q=rent"));
    assertThat(carolsRent).hasSize(4).contains(alicesToCarol).doesNotContain(bobs.get(1));
    assertThat(ids(money.get(bob, "/api/v1/me/transactions?q=" + enc("to carol"))))
        .containsExactly(bobs.get(6), bobs.get(4), bobs.get(2));
    assertThat(ids(money.get(alice, "/api/v1/me/transactions?q=" + enc("rent to carol"))))
        .containsExactly(alicesToCarol);
    assertThat(ids(money.get(bob, "/api/v1/me/transactions?type=p2p&q=" + enc("from alice 1"))))
        .containsExactly(bobs.get(3));
  }

  @Test
  void theSearchMatchesWithinAFieldNotAcrossTwo() throws Exception {
    User alice = money.user("USD");
    User bob = money.user("USD");
    money.fund(alice, 10_000, "USD");
    String paid = pay(alice, bob, 100, "Tokyo trip");

    JsonNode row = only(money.get(alice, "/api/v1/me/transactions?q=tokyo"));
    assertThat(row.get("id").asString()).isEqualTo(paid);
    // The note follows the counterparty in the searched text, but no one field holds both.
    String counterparty = row.get("counterparty").asString();
    String tail = counterparty.substring(counterparty.length() - 4);
    assertThat(ids(money.get(alice, "/api/v1/me/transactions?q=" + enc(tail)))).contains(paid);
    assertThat(ids(money.get(alice, "/api/v1/me/transactions?q=" + enc(tail + "Tokyo"))))
        .isEmpty();
    assertThat(ids(money.get(alice, "/api/v1/me/transactions?q=" + enc(tail + " Tokyo"))))
        .isEmpty();
    assertThat(ids(money.get(alice, "/api/v1/me/transactions?q=" + enc("%")))).isEmpty();
  }

  @Test
  void aStatementSumsTheMonthFromTheLedgerAndNamesTheSenders() throws Exception {
    User alice = money.user("USD");
    User bob = money.user("USD");
    money.fund(alice, 10_000, "USD");
    pay(alice, bob, 700, "one");
    pay(alice, bob, 300, "two");
    pay(bob, alice, 150, "back");

    JsonNode statement = money.get(bob, "/api/v1/me/statements/"
        + YearMonth.now(ZoneOffset.UTC));
    JsonNode usd = statement.get("currencies").get(0);
    assertThat(usd.get("opening").get("amountMinor").asLong()).isZero();
    assertThat(usd.get("moneyIn").get("amountMinor").asLong()).isEqualTo(1_000);
    assertThat(usd.get("moneyOut").get("amountMinor").asLong()).isEqualTo(150);
    assertThat(usd.get("closing").get("amountMinor").asLong())
        .isEqualTo(money.balance(bob, "USD")).isEqualTo(850);
    assertThat(statement.get("transactions")).hasSize(3);
    assertThat(statement.get("transactions").get(2).get("counterparty").asString())
        .contains(alice.email());
    JsonNode lastMonth = money.get(bob, "/api/v1/me/statements/"
        + YearMonth.now(ZoneOffset.UTC).minusMonths(1));
    assertThat(lastMonth.get("transactions")).isEmpty();

    HttpResponse<String> csv = money.send("GET", "/api/v1/me/transactions.csv", null,
        bob.token(), null);
    assertThat(csv.body().lines().filter(l -> l.contains(",in,") && l.contains(alice.email())))
        .hasSize(2);
    assertThat(csv.body()).doesNotContain("OKPay user");
  }

  /**
   * A statement's totals come from the ledger over the whole month, its lines a page at a time:
   * the pages hold every line of the month once, newest first, the totals on every page are the
   * sums of all the lines, and the CSV holds every line in one download.
   */
  @Test
  void aStatementPagesEveryLineOnceAndItsTotalsAreTheSumOfAllItsLines() throws Exception {
    User alice = money.user("USD");
    User bob = money.user("USD");
    money.fund(alice, 10_000, "USD");
    money.fund(bob, 10_000, "USD");
    for (int i = 0; i < 3; i++) {
      pay(alice, bob, 100 + i, "to bob " + i);
      pay(bob, alice, 40 + i, "to alice " + i);
    }
    String month = YearMonth.now(ZoneOffset.UTC).toString();
    List<String> newestFirst = ids(money.get(bob, "/api/v1/me/transactions?limit=100"));
    assertThat(newestFirst).hasSize(7);

    List<JsonNode> lines = new ArrayList<>();
    List<JsonNode> totalsSeen = new ArrayList<>();
    String cursor = null;
    int pages = 0;
    do {
      JsonNode page = money.get(bob, "/api/v1/me/statements/" + month + "?limit=3"
          + (cursor == null ? "" : "&cursor=" + enc(cursor)));
      assertThat(page.get("transactions").size()).isBetween(1, 3);
      page.get("transactions").forEach(lines::add);
      totalsSeen.add(page.get("currencies"));
      JsonNode next = page.get("nextCursor");
      cursor = next == null || next.isNull() ? null : next.asString();
      pages++;
    } while (cursor != null && pages < 10);
    assertThat(pages).isEqualTo(3);
    assertThat(lines.stream().map(l -> l.get("id").asString()).toList())
        .containsExactlyElementsOf(newestFirst);
    assertThat(totalsSeen).allSatisfy(t -> assertThat(t).isEqualTo(totalsSeen.getFirst()));

    long in = 0;
    long out = 0;
    for (JsonNode line : lines) {
      assertThat(line.get("state").asString()).isEqualTo("completed");
      long amount = line.get("amount").get("amountMinor").asLong();
      long fee = line.get("fee").get("amountMinor").asLong();
      boolean moneyIn = line.get("incoming").asBoolean()
          || line.get("operation").asString().startsWith("topup");
      // A top-up's fee is paid by the card on top of the amount, not out of the balance.
      in += moneyIn ? amount : 0;
      out += moneyIn ? 0 : amount + fee;
    }
    JsonNode usd = totalsSeen.getFirst().get(0);
    assertThat(usd.get("moneyIn").get("amountMinor").asLong()).isEqualTo(in)
        .isEqualTo(10_000 + 100 + 101 + 102);
    assertThat(usd.get("moneyOut").get("amountMinor").asLong()).isEqualTo(out);
    assertThat(usd.get("closing").get("amountMinor").asLong())
        .isEqualTo(usd.get("opening").get("amountMinor").asLong() + in - out)
        .isEqualTo(money.balance(bob, "USD"));

    HttpResponse<String> csv = money.send("GET", "/api/v1/me/statements/" + month + ".csv",
        null, bob.token(), null);
    assertThat(csv.statusCode()).isEqualTo(200);
    assertThat(csv.headers().firstValue("Content-Type")).hasValueSatisfying(
        type -> assertThat(type).startsWith("text/csv"));
    assertThat(csv.body().lines().skip(1).map(l -> l.substring(0, l.indexOf(','))).toList())
        .containsExactlyElementsOf(newestFirst);
  }

  @Test
  void aStatementRefusesABadCursorAndShowsNobodyElsesLines() throws Exception {
    User alice = money.user("USD");
    User bob = money.user("USD");
    User carol = money.user("USD");
    money.fund(alice, 10_000, "USD");
    String paid = pay(alice, bob, 500, "for bob only");
    String month = YearMonth.now(ZoneOffset.UTC).toString();

    for (String bad : List.of("%21%21", "bm90LWEtY3Vyc29y", enc("2026-01-01T00:00:00Z|x"))) {
      HttpResponse<String> refused = money.send("GET", "/api/v1/me/statements/" + month
          + "?cursor=" + bad, null, bob.token(), null);
      assertThat(refused.statusCode()).as(refused.body()).isEqualTo(400);
      assertThat(refused.headers().firstValue("Content-Type")).hasValueSatisfying(
          type -> assertThat(type).startsWith("application/problem+json"));
      JsonNode problem = json.readTree(refused.body());
      assertThat(problem.get("code").asString()).isEqualTo("validation_failed");
      assertThat(problem.get("errors").findValuesAsString("field")).containsExactly("cursor");
    }
    HttpResponse<String> badLimit = money.send("GET", "/api/v1/me/statements/" + month
        + "?limit=ten", null, bob.token(), null);
    assertThat(badLimit.statusCode()).isEqualTo(400);

    // The statement is always the caller's: a cursor says where to start, never whose lines.
    // Carol, with a well-formed cursor after everything, sees only her own (no) lines, her own
    // totals, and a CSV without Bob's payment.
    JsonNode bobs = money.get(bob, "/api/v1/me/statements/" + month + "?limit=1");
    assertThat(ids(bobs)).containsExactly(paid);
    String afterEverything = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(
        (java.time.Instant.now().plusSeconds(60) + "|" + java.util.UUID.randomUUID())
            .getBytes(StandardCharsets.UTF_8));
    JsonNode carols = money.get(carol, "/api/v1/me/statements/" + month + "?cursor="
        + afterEverything);
    assertThat(ids(carols)).isEmpty();
    assertThat(carols.get("currencies").get(0).get("moneyIn").get("amountMinor").asLong())
        .isZero();
    HttpResponse<String> carolsCsv = money.send("GET", "/api/v1/me/statements/" + month
        + ".csv", null, carol.token(), null);
    assertThat(carolsCsv.body()).doesNotContain(paid);
    assertThat(money.get(alice, "/api/v1/me/statements/" + month).get("transactions")
        .findValuesAsString("id")).contains(paid);
  }

  private String pay(User from, User to, long amountMinor, String note) throws Exception {
    HttpResponse<String> sent = money.post(from, "/api/v1/me/transfers", Map.of(
        "recipientEmail", to.email(), "amountMinor", amountMinor, "currency", "USD",
        "note", note));
    assertThat(sent.statusCode()).as(sent.body()).isEqualTo(201);
    return money.read(sent).get("id").asString();
  }

  private static JsonNode only(JsonNode page) {
    assertThat(page.get("transactions")).hasSize(1);
    return page.get("transactions").get(0);
  }

  private static List<String> ids(JsonNode page) {
    return page.get("transactions").findValuesAsString("id");
  }

  private static String enc(String text) {
    return URLEncoder.encode(text, StandardCharsets.UTF_8);
  }
}
