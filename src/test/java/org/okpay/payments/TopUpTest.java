package org.okpay.payments;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.okpay.OkPayTest;
import org.okpay.TestUsers;
import org.okpay.ledger.LedgerApi;
import org.okpay.payments.MoneyFixture.User;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Top-ups from cards against the sandbox rail: approvals, every decline, a timeout. */
@OkPayTest
class TopUpTest {

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
  void anApprovedCardCreditsTheBalanceAndShowsTheSteps() throws Exception {
    User pat = money.user("USD");
    String card = money.addCard(pat, MoneyFixture.VISA);

    HttpResponse<String> response = money.post(pat, "/api/v1/me/topups",
        Map.of("cardId", card, "amountMinor", 10_000, "currency", "USD"));

    assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
    JsonNode tx = money.read(response);
    assertThat(tx.get("state").asString()).isEqualTo("completed");
    assertThat(tx.get("counterparty").asString()).endsWith("4242");
    assertThat(money.balance(pat, "USD")).isEqualTo(10_000);
    JsonNode tracked = money.get(pat, "/api/v1/me/transactions/" + tx.get("id").asString());
    assertThat(tracked.get("steps").findValuesAsString("step"))
        .containsExactly("created", "sent_to_rail", "credited");
    assertThat(tracked.get("railReference").asString()).isNotBlank();
    assertThat(ledger.checkInvariants().holds()).isTrue();
  }

  @ParameterizedTest
  @CsvSource({
      "4000000000009995, 402, card_insufficient_funds",
      "4000000000000069, 422, card_expired",
      "4000000000000002, 402, card_declined",
      "4000000000009979, 402, card_declined",
      "4000000000000119, 502, rail_processing_error"})
  void everyDeclineGivesItsCodeAndAdviceAndMovesNoMoney(String number, int status, String code)
      throws Exception {
    User pat = money.user("USD");
    String card = money.addCard(pat, number);

    HttpResponse<String> response = money.post(pat, "/api/v1/me/topups",
        Map.of("cardId", card, "amountMinor", 5_000, "currency", "USD"));

    assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
    JsonNode problem = money.read(response);
    assertThat(problem.get("code").asString()).isEqualTo(code);
    assertThat(problem.get("detail").asString()).isNotBlank().doesNotContain(code);
    String id = problem.get("transactionId").asString();
    JsonNode tracked = money.get(pat, "/api/v1/me/transactions/" + id);
    assertThat(tracked.get("state").asString()).isEqualTo("failed");
    assertThat(tracked.get("failure").asString()).isEqualTo(code);
    assertThat(tracked.get("advice").asString()).isEqualTo(problem.get("detail").asString());
    assertThat(money.balance(pat, "USD")).isZero();
    assertThat(ledgerTransfersOf(id)).isZero();
  }

  @Test
  void aTimedOutCardIsSettledByReconciliationExactlyOnce() throws Exception {
    User pat = money.user("USD");
    String card = money.addCard(pat, "4000000000000507");

    HttpResponse<String> response = money.post(pat, "/api/v1/me/topups",
        Map.of("cardId", card, "amountMinor", 7_500, "currency", "USD"));

    assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
    JsonNode tx = money.read(response);
    assertThat(tx.get("state").asString()).isEqualTo("processing");
    assertThat(tx.get("advice").asString()).contains("not be charged twice");
    assertThat(money.balance(pat, "USD")).isZero();

    String id = tx.get("id").asString();
    money.reconcile();
    int transfersAfterFirstRun = ledgerTransfersOf(id);
    money.reconcile();

    assertThat(money.get(pat, "/api/v1/me/transactions/" + id).get("state").asString())
        .isEqualTo("completed");
    assertThat(money.balance(pat, "USD")).isEqualTo(7_500);
    assertThat(transfersAfterFirstRun).isPositive();
    assertThat(ledgerTransfersOf(id)).isEqualTo(transfersAfterFirstRun);
    assertThat(money.get(pat, "/api/v1/me/transactions/" + id).get("steps")
        .findValuesAsString("step")).containsOnlyOnce("credited");
    assertThat(ledger.checkInvariants().holds()).isTrue();
  }

  @Test
  void aTimedOutCardThatWasDeclinedFailsWithoutMovingMoney() throws Exception {
    User pat = money.user("USD");
    String card = money.addCard(pat, "4000000000000515");
    JsonNode tx = money.read(money.post(pat, "/api/v1/me/topups",
        Map.of("cardId", card, "amountMinor", 7_500, "currency", "USD")));

    money.reconcile();

    JsonNode tracked = money.get(pat, "/api/v1/me/transactions/" + tx.get("id").asString());
    assertThat(tracked.get("state").asString()).isEqualTo("failed");
    assertThat(money.balance(pat, "USD")).isZero();
  }

  private int ledgerTransfersOf(String transactionId) {
    return jdbc.sql("select count(*) from ledger.transfers where reference = :ref")
        .param("ref", transactionId).query(Integer.class).single();
  }
}
