package org.okpay.payments;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.okpay.OkPayTest;
import org.okpay.TestUsers;
import org.okpay.payments.MoneyFixture.User;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.json.JsonMapper;

/** User A cannot see or use anything of user B's: every endpoint with an id answers "not found". */
@OkPayTest
class PaymentsIsolationTest {

  @LocalServerPort int port;
  @Autowired JsonMapper json;
  @Autowired TestUsers users;

  MoneyFixture money;

  @BeforeEach
  void setUp() {
    money = new MoneyFixture(port, json, users);
  }

  @Test
  void aUserCannotSeeOrUseAnotherUsersMoney() throws Exception {
    User alice = money.user("USD");
    User bob = money.user("USD");
    money.fund(bob, 50_000, "USD");
    String bobsCard = money.addCard(bob, MoneyFixture.VISA);
    String bobsBank = money.addBankAccount(bob, "000123456789", "USD");
    String bobsTopUp = money.read(money.post(bob, "/api/v1/me/topups", Map.of(
        "cardId", bobsCard, "amountMinor", 1_000, "currency", "USD"))).get("id").asString();
    String bobsQuote = money.read(money.send("POST", "/api/v1/me/fx/quotes", Map.of(
        "operation", "convert", "sourceCurrency", "USD", "targetCurrency", "EUR",
        "sourceAmountMinor", 1_000), bob.token(), null)).get("id").asString();

    notFound(money.send("GET", "/api/v1/me/transactions/" + bobsTopUp, null, alice.token(),
        null), "transaction_not_found");
    notFound(money.send("POST", "/api/v1/me/transactions/" + bobsTopUp + "/complaints",
        Map.of("message", "where is it"), alice.token(), null), "transaction_not_found");
    notFound(money.post(alice, "/api/v1/me/topups", Map.of("cardId", bobsCard,
        "amountMinor", 1_000, "currency", "USD")), "card_not_found");
    notFound(money.post(alice, "/api/v1/me/withdrawals", Map.of("bankAccountId", bobsBank,
        "amountMinor", 1_000)), "bank_account_not_found");
    notFound(money.post(alice, "/api/v1/me/topups", Map.of("bankAccountId", bobsBank,
        "amountMinor", 1_000)), "bank_account_not_found");
    notFound(money.post(alice, "/api/v1/me/conversions", Map.of("quoteId", bobsQuote)),
        "quote_not_found");
    assertThat(money.get(alice, "/api/v1/me/transactions").get("transactions")).isEmpty();
    assertThat(money.get(alice, "/api/v1/me/transactions?q=" + bobsTopUp.substring(0, 8))
        .get("transactions")).isEmpty();
    HttpResponse<String> csv = money.send("GET", "/api/v1/me/transactions.csv", null,
        alice.token(), null);
    assertThat(csv.body()).doesNotContain(bobsTopUp);
    assertThat(money.available(bob, "USD")).isEqualTo(51_000);
  }

  @Test
  void signedOutRequestsAreRefused() throws Exception {
    HttpResponse<String> response = money.send("GET", "/api/v1/me/transactions", null, null,
        null);
    assertThat(response.statusCode()).isEqualTo(401);
  }

  private void notFound(HttpResponse<String> response, String code) throws Exception {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(404);
    assertThat(money.read(response).get("code").asString()).isEqualTo(code);
  }
}
