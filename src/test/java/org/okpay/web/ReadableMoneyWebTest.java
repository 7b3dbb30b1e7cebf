package org.okpay.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.okpay.OkPayTest;
import org.okpay.TestUsers;
import org.okpay.payments.MoneyFixture;
import org.okpay.payments.MoneyFixture.User;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.json.JsonMapper;

/**
 * Readable money over real HTTP: the CSV's bytes (a UTF-8 byte order mark, the direction of a
 * top-up, signed amounts and the fee), amounts with symbols and grouping on pages in both
 * languages, limits in the reader's currency and rates labelled by their real age.
 */
@OkPayTest
class ReadableMoneyWebTest {

  private static final byte[] BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

  @LocalServerPort int port;
  @Autowired JsonMapper json;
  @Autowired TestUsers users;
  @Autowired JdbcClient jdbc;

  MoneyFixture money;

  @BeforeEach
  void setUp() {
    money = new MoneyFixture(port, json, users);
  }

  @Test
  void theCsvHasABomTheRightDirectionSignedAmountsAndTheFee() throws Exception {
    User alice = money.user("USD");
    User bob = money.user("USD");
    money.fund(alice, 123_456, "USD"); // a card top-up: 1,234.56 in, 1.5 % fee on the card
    HttpResponse<String> sent = money.post(alice, "/api/v1/me/transfers", Map.of(
        "recipientEmail", bob.email(), "amountMinor", 1_250, "currency", "USD", "note", "午饭"));
    assertThat(sent.statusCode()).as(sent.body()).isEqualTo(201);

    byte[] aliceCsv = csv(alice);
    byte[] bobCsv = csv(bob);

    assertThat(Arrays.copyOf(aliceCsv, 3)).isEqualTo(BOM);
    assertThat(Arrays.copyOf(bobCsv, 3)).isEqualTo(BOM);
    List<String> lines = text(aliceCsv).lines().toList();
    assertThat(lines.getFirst()).startsWith("id,created_at,type,direction,state,amount,fee,");
    assertThat(lines).hasSize(3);
    assertThat(lines).anySatisfy(l -> assertThat(l)
        .contains(",topup_card,in,completed,1234.56,-18.52,USD,"));
    assertThat(lines).anySatisfy(l -> assertThat(l)
        .contains(",p2p,out,completed,-12.50,0.00,USD,").contains("\"午饭\""));
    assertThat(text(bobCsv).lines().toList()).hasSize(2).last().asString()
        .contains(",p2p,in,completed,12.50,0.00,USD,");
    // The JSON history is unchanged: amounts stay unsigned minor units, no new field.
    String history = money.get(alice, "/api/v1/me/transactions").toString();
    assertThat(history).doesNotContain("moneyIn").contains("\"amountMinor\":1250");
  }

  @Test
  void theHistoryPageDownloadStartsWithTheBomToo() throws Exception {
    User pat = money.user("USD");
    money.fund(pat, 700, "USD");
    HttpClient session = PageSession.signedIn(port, pat.email());

    HttpResponse<byte[]> csv = session.send(HttpRequest.newBuilder(
            uri("/account/money/transactions.csv")).build(),
        HttpResponse.BodyHandlers.ofByteArray());

    assertThat(csv.statusCode()).isEqualTo(200);
    assertThat(Arrays.copyOf(csv.body(), 3)).isEqualTo(BOM);
    assertThat(text(csv.body())).contains(",topup_card,in,completed,7.00,-0.11,USD,");
  }

  @Test
  void pagesWriteAmountsWithSymbolsAndGroupingInBothLanguages() throws Exception {
    User pat = money.user("USD");
    money.fund(pat, 123_456, "USD");
    HttpClient session = PageSession.signedIn(port, pat.email());

    String english = page(session, "/account/money?lang=en");
    String chinese = page(session, "/account/money?lang=zh-CN");

    assertThat(english).contains(">$1,234.56<").contains("+$1,234.56")
        .contains("EUR — Euro").doesNotContain("1234.56 USD");
    assertThat(chinese).contains(">US$1,234.56<").contains("+US$1,234.56")
        .contains("EUR — 欧元").contains("CNY — 人民币");
  }

  @Test
  void feesShowLimitsInTheReadersCurrencyAndRatesByTheirRealAge() throws Exception {
    HttpClient anonymous = HttpClient.newBuilder()
        .cookieHandler(new java.net.CookieManager()).build();

    String english = page(anonymous, "/fees?lang=en");
    String chinese = page(anonymous, "/fees?lang=zh-CN");

    assertThat(english).contains("$10,000.00").doesNotContain("id=\"limits-shown-in\"")
        .doesNotContain("rates today").containsPattern(
            "id=\"rates-age\"[^>]*>Rate updated (just now|\\d+ (minutes?|hours?|days?) ago)<");
    // 10,000 USD a day, shown in yuan at the current rate, approximately, with the real limit.
    assertThat(chinese).contains("id=\"limits-shown-in\"")
        .containsPattern("约 ¥[\\d,]+\\.\\d\\d（US\\$10,000\\.00）")
        .doesNotContain("今日汇率").containsPattern(
            "id=\"rates-age\"[^>]*>汇率(刚刚更新|更新于 \\d+ (分钟|小时|天)前)<");
  }

  @Test
  void theStatementOffersNoPreviousMonthBeforeTheFirstTransaction() throws Exception {
    User pat = money.user("USD");
    money.fund(pat, 500, "USD");
    HttpClient session = PageSession.signedIn(port, pat.email());
    YearMonth now = YearMonth.now(ZoneOffset.UTC);

    assertThat(page(session, "/account/money/statements/" + now))
        .doesNotContain("id=\"statement-previous\"");
    // The same top-up, as if made two months ago: the months since are worth a link back.
    jdbc.sql("""
        update payments.transactions set created_at = created_at - interval '62 days'
         where user_id = (select id from identity.users where email = :email)
        """).param("email", pat.email()).update();
    assertThat(page(session, "/account/money/statements/" + now))
        .contains("id=\"statement-previous\"");
    assertThat(page(session, "/account/money/statements/" + now.minusMonths(3)))
        .doesNotContain("id=\"statement-previous\"");
  }

  @Test
  void aRefusedLimitIsShownInTheReadersCurrencyBesideTheLimitsOwn() throws Exception {
    User pat = money.user("USD");
    String card = money.addCard(pat, MoneyFixture.VISA);
    HttpClient session = PageSession.signedIn(port, pat.email());
    String form = page(session, "/account/money/top-up?lang=zh-CN");
    Matcher csrf = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"").matcher(form);
    assertThat(csrf.find()).isTrue();

    // 10,000.01 USD from a card is over the verified daily limit of 10,000 USD.
    String body = "source=card%3A" + card + "&amount=10000.01&currency=USD&_csrf="
        + URLEncoder.encode(csrf.group(1), StandardCharsets.UTF_8);
    HttpResponse<String> refused = session.send(HttpRequest.newBuilder(
            uri("/account/money/top-up/review")).header("Accept", "text/html")
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString(body)).build(),
        HttpResponse.BodyHandlers.ofString());

    // Post/Redirect/Get: the refusal is shown on the draft's page the POST redirects to.
    assertThat(refused.statusCode()).isEqualTo(303);
    String location = refused.headers().firstValue("Location").orElseThrow();
    String shown = PageSession.get(session, port, location.replaceFirst("^https?://[^/]+", ""),
        "text/html").body();
    assertThat(shown).containsPattern(
        "id=\"limit-limit\"[^>]*>约 ¥[\\d,]+\\.\\d\\d（US\\$10,000\\.00）<");
  }

  private byte[] csv(User user) throws Exception {
    HttpResponse<byte[]> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
            uri("/api/v1/me/transactions.csv")).header("Authorization", "Bearer " + user.token())
        .build(), HttpResponse.BodyHandlers.ofByteArray());
    assertThat(response.statusCode()).isEqualTo(200);
    return response.body();
  }

  private String page(HttpClient client, String path) throws Exception {
    HttpResponse<String> response = PageSession.get(client, port, path, "text/html");
    assertThat(response.statusCode()).as(path).isEqualTo(200);
    return response.body();
  }

  private static String text(byte[] bytes) {
    return new String(bytes, 3, bytes.length - 3, StandardCharsets.UTF_8);
  }

  private URI uri(String path) {
    return URI.create("http://localhost:" + port + path);
  }
}
