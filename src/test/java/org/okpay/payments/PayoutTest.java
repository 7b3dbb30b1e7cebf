package org.okpay.payments;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.okpay.OkPayTest;
import org.okpay.TestUsers;
import org.okpay.ledger.LedgerApi;
import org.okpay.payments.MoneyFixture.User;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Withdrawals and cross-border transfers: a hold, the rail's delay, then posted or given back. */
@OkPayTest
class PayoutTest {

  @LocalServerPort int port;
  @Autowired JsonMapper json;
  @Autowired TestUsers users;
  @Autowired LedgerApi ledger;

  MoneyFixture money;

  @BeforeEach
  void setUp() {
    money = new MoneyFixture(port, json, users);
  }

  @Test
  void aWithdrawalHoldsTheMoneyThenPostsItWhenTheBankSettles() throws Exception {
    User pat = money.user("USD");
    money.fund(pat, 50_000, "USD");
    String bank = money.addBankAccount(pat, "000123456789", "USD");

    JsonNode tx = accepted(money.post(pat, "/api/v1/me/withdrawals",
        Map.of("bankAccountId", bank, "amountMinor", 20_000)));
    long fee = tx.get("fee").get("amountMinor").asLong();

    assertThat(tx.get("state").asString()).isEqualTo("processing");
    assertThat(tx.get("expectedAt").asString()).isNotBlank();
    assertThat(money.balance(pat, "USD")).isEqualTo(50_000);
    assertThat(money.available(pat, "USD")).isEqualTo(50_000 - 20_000 - fee);

    money.advanceSandbox(Duration.ofHours(1));
    money.reconcile();

    JsonNode done = money.get(pat, "/api/v1/me/transactions/" + tx.get("id").asString());
    assertThat(done.get("state").asString()).isEqualTo("completed");
    assertThat(done.get("steps").findValuesAsString("step"))
        .containsSubsequence("created", "hold_placed", "sent_to_rail", "in_transit", "arrived");
    assertThat(money.balance(pat, "USD")).isEqualTo(50_000 - 20_000 - fee);
    assertThat(ledger.checkInvariants().holds()).isTrue();
  }

  @Test
  void aFailedWithdrawalGivesTheHeldMoneyBack() throws Exception {
    User pat = money.user("USD");
    money.fund(pat, 30_000, "USD");
    String closed = money.addBankAccount(pat, "000111111113", "USD");

    JsonNode tx = accepted(money.post(pat, "/api/v1/me/withdrawals",
        Map.of("bankAccountId", closed, "amountMinor", 10_000)));
    assertThat(money.available(pat, "USD")).isLessThan(30_000);

    money.advanceSandbox(Duration.ofHours(1));
    money.reconcile();

    JsonNode failed = money.get(pat, "/api/v1/me/transactions/" + tx.get("id").asString());
    assertThat(failed.get("state").asString()).isEqualTo("failed");
    assertThat(failed.get("failure").asString()).isEqualTo("bank_account_closed");
    assertThat(money.available(pat, "USD")).isEqualTo(30_000);
    assertThat(money.balance(pat, "USD")).isEqualTo(30_000);
    assertThat(ledger.checkInvariants().holds()).isTrue();
  }

  @Test
  void aNameMismatchIsRefusedAtOnceAndReleasesTheHold() throws Exception {
    User pat = money.user("USD");
    money.fund(pat, 30_000, "USD");
    String mismatch = money.addBankAccount(pat, "000222222227", "USD");

    HttpResponse<String> response = money.post(pat, "/api/v1/me/withdrawals",
        Map.of("bankAccountId", mismatch, "amountMinor", 10_000));

    assertThat(response.statusCode()).as(response.body()).isEqualTo(422);
    assertThat(money.read(response).get("code").asString()).isEqualTo("bank_name_mismatch");
    assertThat(money.available(pat, "USD")).isEqualTo(30_000);
  }

  @Test
  void moneyReturnedByTheBankAfterArrivingComesBackToTheBalance() throws Exception {
    User pat = money.user("USD");
    money.fund(pat, 30_000, "USD");
    String returning = money.addBankAccount(pat, "000333333335", "USD");
    JsonNode tx = accepted(money.post(pat, "/api/v1/me/withdrawals",
        Map.of("bankAccountId", returning, "amountMinor", 10_000)));
    String id = tx.get("id").asString();

    money.advanceSandbox(Duration.ofHours(1));
    money.reconcile();
    assertThat(money.get(pat, "/api/v1/me/transactions/" + id).get("state").asString())
        .isEqualTo("completed");
    assertThat(money.balance(pat, "USD")).isLessThan(30_000);

    money.advanceSandbox(Duration.ofDays(7));
    money.reconcile();

    JsonNode reversed = money.get(pat, "/api/v1/me/transactions/" + id);
    assertThat(reversed.get("state").asString()).isEqualTo("reversed");
    assertThat(reversed.get("failure").asString()).isEqualTo("returned_by_bank");
    assertThat(money.balance(pat, "USD")).isEqualTo(30_000);
    assertThat(ledger.checkInvariants().holds()).isTrue();
  }

  @Test
  void aCrossBorderTransferIsTrackedUntilItArrives() throws Exception {
    User pat = money.user("USD");
    money.fund(pat, 100_000, "USD");
    JsonNode quote = quote(pat, "cross_border", "USD", "EUR", 50_000);

    Map<String, Object> body = Map.of("quoteId", quote.get("id").asString(), "recipient",
        Map.of("holderName", "Jo Martin", "accountNumber", "DE89 3704 0044 0532 0130 00",
            "bankCode", "COBADEFFXXX", "country", "DE"));
    JsonNode preview = money.read(money.send("POST", "/api/v1/me/cross-border/preview", body,
        pat.token(), null));
    assertThat(preview.get("receives").get("amountMinor").asLong())
        .isEqualTo(quote.get("targetAmountMinor").asLong());
    assertThat(preview.get("expectedAt").asString()).isNotBlank();

    JsonNode tx = accepted(money.post(pat, "/api/v1/me/cross-border", body));

    assertThat(tx.get("state").asString()).isEqualTo("processing");
    assertThat(tx.get("targetAmount").get("amountMinor").asLong())
        .isEqualTo(quote.get("targetAmountMinor").asLong());
    assertThat(tx.get("counterparty").asString()).contains("Jo Martin").contains("3000");
    long total = quote.get("sourceAmountMinor").asLong() + quote.get("feeMinor").asLong();
    assertThat(money.available(pat, "USD")).isEqualTo(100_000 - total);

    money.advanceSandbox(Duration.ofDays(4));
    money.reconcile();

    JsonNode done = money.get(pat, "/api/v1/me/transactions/" + tx.get("id").asString());
    assertThat(done.get("state").asString()).isEqualTo("completed");
    assertThat(money.balance(pat, "USD")).isEqualTo(100_000 - total);
    assertThat(ledger.checkInvariants().holds()).isTrue();
  }

  private JsonNode quote(User user, String operation, String from, String to, long amount)
      throws Exception {
    HttpResponse<String> response = money.send("POST", "/api/v1/me/fx/quotes", Map.of(
        "operation", operation, "sourceCurrency", from, "targetCurrency", to,
        "sourceAmountMinor", amount), user.token(), null);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
    return money.read(response);
  }

  private JsonNode accepted(HttpResponse<String> response) throws Exception {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
    return money.read(response);
  }
}
