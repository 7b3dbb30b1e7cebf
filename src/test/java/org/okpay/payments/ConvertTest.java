package org.okpay.payments;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.http.HttpResponse;
import java.util.Currency;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.okpay.OkPayTest;
import org.okpay.TestUsers;
import org.okpay.ledger.LedgerApi;
import org.okpay.ledger.OwnerType;
import org.okpay.payments.MoneyFixture.User;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Conversions between a user's own balances: the legs add up to the last minor unit. */
@OkPayTest
class ConvertTest {

  @LocalServerPort int port;
  @Autowired JsonMapper json;
  @Autowired TestUsers users;
  @Autowired LedgerApi ledger;
  @Autowired JdbcClient jdbc;

  MoneyFixture money;

  @BeforeEach
  void setUp() {
    money = new MoneyFixture(port, json, users);
  }

  @Test
  void feeAndFxLegsAddUpExactly() throws Exception {
    User pat = money.user("USD");
    money.fund(pat, 100_000, "USD");
    long feesBefore = system("fees", "USD");
    JsonNode quote = quote(pat, "USD", "JPY", 12_345);
    long source = quote.get("sourceAmountMinor").asLong();
    long fee = quote.get("feeMinor").asLong();
    long target = quote.get("targetAmountMinor").asLong();

    HttpResponse<String> response = money.post(pat, "/api/v1/me/conversions",
        Map.of("quoteId", quote.get("id").asString()));

    assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
    assertThat(money.balance(pat, "USD")).isEqualTo(100_000 - source - fee);
    assertThat(money.balance(pat, "JPY")).isEqualTo(target);
    // JPY has no minor unit: 123.45 USD at the quoted rate, rounded down to a whole yen.
    BigDecimal exact = new BigDecimal(quote.get("rate").asString())
        .multiply(BigDecimal.valueOf(source, 2));
    assertThat(target).isEqualTo(exact.setScale(0, RoundingMode.FLOOR).longValueExact());
    assertThat(system("fees", "USD") - feesBefore).isEqualTo(fee);
    String id = money.read(response).get("id").asString();
    assertThat(legSum(id, "USD")).isEqualTo(source + fee);
    assertThat(legSum(id, "JPY")).isEqualTo(target);
    assertThat(ledger.checkInvariants().holds()).isTrue();
  }

  @Test
  void anExpiredQuoteIsRefusedWithANewOne() throws Exception {
    User pat = money.user("USD");
    money.fund(pat, 10_000, "USD");
    JsonNode quote = quote(pat, "USD", "EUR", 5_000);
    // The clock is shared by every test, so the quote is aged in its row instead.
    jdbc.sql("""
        update payments.fx_quotes
           set created_at = now() - interval '10 minutes', expires_at = now() - interval '1 second'
         where id = :id
        """)
        .param("id", java.util.UUID.fromString(quote.get("id").asString())).update();

    HttpResponse<String> response = money.post(pat, "/api/v1/me/conversions",
        Map.of("quoteId", quote.get("id").asString()));

    assertThat(response.statusCode()).isIn(409, 410);
    JsonNode problem = money.read(response);
    assertThat(problem.get("code").asString()).isEqualTo("quote_expired");
    assertThat(problem.get("newQuote").get("id").asString())
        .isNotEqualTo(quote.get("id").asString());
    assertThat(money.balance(pat, "USD")).isEqualTo(10_000);
    assertThat(money.balance(pat, "EUR")).isZero();
  }

  @Test
  void aQuoteIsUsedOnce() throws Exception {
    User pat = money.user("USD");
    money.fund(pat, 10_000, "USD");
    JsonNode quote = quote(pat, "USD", "EUR", 1_000);
    assertThat(money.post(pat, "/api/v1/me/conversions",
        Map.of("quoteId", quote.get("id").asString())).statusCode()).isEqualTo(201);

    HttpResponse<String> again = money.post(pat, "/api/v1/me/conversions",
        Map.of("quoteId", quote.get("id").asString()));

    assertThat(money.read(again).get("code").asString()).isEqualTo("quote_used");
  }

  private JsonNode quote(User user, String from, String to, long amount) throws Exception {
    HttpResponse<String> response = money.send("POST", "/api/v1/me/fx/quotes", Map.of(
        "operation", "convert", "sourceCurrency", from, "targetCurrency", to,
        "sourceAmountMinor", amount), user.token(), null);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
    return money.read(response);
  }

  private long system(String kind, String currency) {
    return ledger.accountsOf(OwnerType.SYSTEM, "okpay").stream()
        .filter(a -> a.kind().equals(kind) && a.currency().equals(Currency.getInstance(currency)))
        .mapToLong(a -> a.balanceMinor()).sum();
  }

  /** What the transaction's legs moved in one currency. */
  private long legSum(String transactionId, String currency) {
    return jdbc.sql("""
        select coalesce(sum(amount), 0) from ledger.transfers
         where reference = :ref and currency = :currency
        """).param("ref", transactionId).param("currency", currency).query(Long.class).single();
  }
}
