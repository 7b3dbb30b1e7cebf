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
