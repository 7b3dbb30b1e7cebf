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
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The staff side of payments through its JSON API ({@link PaymentsAdminApi}): held payments are
 * approved or rejected, and reconciliation records what it cannot explain and leaves it alone.
 */
@OkPayTest
class PaymentsAdminApiTest {

  private static final String REVIEWS = "/api/v1/admin/payments/reviews";
  private static final String FINDINGS = "/api/v1/admin/payments/reconciliation/findings";

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
  void customersCannotSeeOrDecideReviewsNorRunReconciliation() throws Exception {
    User alice = money.user("USD");
    User bob = money.user("USD");
    money.fund(alice, 500_000, "USD");
    String id = money.heldPayment(alice, bob, 300_000).get("id").asString();

    String[][] calls = {{"GET", REVIEWS}, {"POST", REVIEWS + "/" + id + "/approve"},
        {"POST", "/api/v1/admin/payments/reconciliation/run"}, {"GET", FINDINGS}};
    for (String[] call : calls) {
      HttpResponse<String> refused = money.send(call[0], call[1], null, alice.token(), null);
      assertThat(refused.statusCode()).as(call[1] + " " + refused.body()).isEqualTo(403);
      assertThat(money.read(refused).get("code").asString()).isEqualTo("forbidden");
    }
    assertThat(money.send("GET", REVIEWS, null, null, null).statusCode()).isEqualTo(401);

    assertThat(money.get(alice, "/api/v1/me/transactions/" + id).get("state").asString())
        .isEqualTo("on_hold");
    assertThat(money.balance(bob, "USD")).isZero();
  }

  @Test
  void anAdminSeesWhyAPaymentIsHeldAndApprovingItMovesTheMoneyOnce() throws Exception {
    User admin = money.admin();
    User alice = money.user("USD");
    User bob = money.user("USD");
    money.fund(alice, 500_000, "USD");
    String id = money.heldPayment(alice, bob, 300_000).get("id").asString();

    JsonNode held = heldRow(admin, id);
    assertThat(held.get("userEmail").asString()).isEqualTo(alice.email());
    assertThat(held.get("operation").asString()).isEqualTo("p2p");
    assertThat(held.get("amount").get("amountMinor").asLong()).isEqualTo(300_000);
    assertThat(held.get("amount").get("currency").asString()).isEqualTo("USD");
    assertThat(held.get("counterparty").asString()).isEqualTo(bob.email());
    assertThat(held.get("riskReasons").toString()).contains("\"unusual_amount\"");

    HttpResponse<String> approved = money.send("POST", REVIEWS + "/" + id + "/approve", null,
        admin.token(), null);

    assertThat(approved.statusCode()).as(approved.body()).isEqualTo(200);
    assertThat(money.read(approved).get("state").asString()).isEqualTo("completed");
    assertThat(money.balance(bob, "USD")).isEqualTo(300_000);
    assertThat(money.balance(alice, "USD")).isEqualTo(200_000);
    assertThat(heldRow(admin, id)).isNull();
    assertThat(money.get(alice, "/api/v1/me/transactions/" + id).get("steps")
        .findValuesAsString("step")).contains("held_for_review", "review_approved");

    HttpResponse<String> again = money.send("POST", REVIEWS + "/" + id + "/reject", null,
        admin.token(), null);
    assertThat(again.statusCode()).as(again.body()).isEqualTo(409);
    assertThat(money.read(again).get("code").asString()).isEqualTo("transaction_not_reviewable");
    assertThat(money.balance(bob, "USD")).isEqualTo(300_000);
    assertThat(ledger.checkInvariants().holds()).isTrue();
  }

  @Test
  void rejectingAHeldPaymentFailsItWithReviewRejectedAndMovesNothing() throws Exception {
    User alice = money.user("USD");
    User bob = money.user("USD");
    money.fund(alice, 500_000, "USD");
    String id = money.heldPayment(alice, bob, 300_000).get("id").asString();

    HttpResponse<String> rejected = money.send("POST", REVIEWS + "/" + id + "/reject", null,
        MoneyFixture.ADMIN, null);

    assertThat(rejected.statusCode()).as(rejected.body()).isEqualTo(200);
    JsonNode decision = money.read(rejected);
    assertThat(decision.get("state").asString()).isEqualTo("failed");
    assertThat(decision.get("failure").asString()).isEqualTo("review_rejected");
    JsonNode seen = money.get(alice, "/api/v1/me/transactions/" + id);
    assertThat(seen.get("state").asString()).isEqualTo("failed");
    assertThat(seen.get("failure").asString()).isEqualTo("review_rejected");
    assertThat(money.balance(alice, "USD")).isEqualTo(500_000);
    assertThat(money.available(alice, "USD")).isEqualTo(500_000);
    assertThat(money.balance(bob, "USD")).isZero();
    assertThat(money.send("POST", REVIEWS + "/" + id + "/approve", null, MoneyFixture.ADMIN, null)
        .statusCode()).isEqualTo(409);
    assertThat(money.send("POST", REVIEWS + "/" + java.util.UUID.randomUUID() + "/approve", null,
        MoneyFixture.ADMIN, null).statusCode()).isEqualTo(404);
    assertThat(ledger.checkInvariants().holds()).isTrue();
  }

  @Test
  void aRailThatMovedAnotherAmountIsAFindingNotASettlementUntilAnAgentResolvesIt()
      throws Exception {
    User admin = money.admin();
    User pat = money.user("USD");
    money.fund(pat, 50_000, "USD");
    String bank = money.addBankAccount(pat, "000123456789", "USD");
    HttpResponse<String> sent = money.post(pat, "/api/v1/me/withdrawals",
        Map.of("bankAccountId", bank, "amountMinor", 20_000));
    assertThat(sent.statusCode()).as(sent.body()).isEqualTo(202);
    String id = money.read(sent).get("id").asString();
    long available = money.available(pat, "USD");
    setRailAmount(id, 20_001);

    money.advanceSandbox(Duration.ofHours(1));
    JsonNode run = money.reconcile();

    assertThat(run.get("findings").asInt()).isPositive();
    assertThat(run.get("finishedAt").asString()).isNotBlank();
    JsonNode finding = openFinding(admin, id);
    assertThat(finding).as("an open amount_mismatch finding for " + id).isNotNull();
    assertThat(finding.get("ledgerState").asString()).isEqualTo("processing");
    assertThat(finding.get("railState").asString()).isEqualTo("completed");
    assertThat(finding.get("detail").asString()).contains("20001").contains("20000");
    assertThat(finding.get("runId").asLong()).isEqualTo(run.get("id").asLong());
    assertThat(money.get(pat, "/api/v1/me/transactions/" + id).get("state").asString())
        .isEqualTo("processing");
    assertThat(money.available(pat, "USD")).isEqualTo(available);
    assertThat(money.balance(pat, "USD")).isEqualTo(50_000);
    money.reconcile();
    assertThat(findingsOf(admin, id)).as("seen again, it is not recorded twice").isEqualTo(1);

    long findingId = finding.get("id").asLong();
    String resolve = FINDINGS + "/" + findingId + "/resolve";
    HttpResponse<String> blank = money.send("POST", resolve, Map.of("resolution", "  "),
        admin.token(), null);
    assertThat(blank.statusCode()).as(blank.body()).isEqualTo(400);
    assertThat(money.read(blank).get("code").asString()).isEqualTo("validation_failed");
    assertThat(blank.body()).contains("resolution");
    HttpResponse<String> resolved = money.send("POST", resolve,
        Map.of("resolution", "The bank corrected its amount."), admin.token(), null);
    assertThat(resolved.statusCode()).as(resolved.body()).isEqualTo(200);
    assertThat(money.read(resolved).get("resolvedBy").asString()).isEqualTo(admin.email());
    assertThat(money.read(resolved).get("resolution").asString())
        .isEqualTo("The bank corrected its amount.");
    assertThat(openFinding(admin, id)).isNull();
    assertThat(money.send("POST", resolve, Map.of("resolution", "again"), admin.token(), null)
        .statusCode()).isEqualTo(404);

    // With the rail's record corrected, the next run settles it the ordinary way.
    setRailAmount(id, 20_000);
    money.reconcile();
    assertThat(money.get(pat, "/api/v1/me/transactions/" + id).get("state").asString())
        .isEqualTo("completed");
    assertThat(money.balance(pat, "USD")).isEqualTo(available);
    assertThat(ledger.checkInvariants().holds()).isTrue();
  }

  /** Changes what the sandbox rail says it moved for an operation: a rail gone wrong. */
  private void setRailAmount(String transactionId, long amountMinor) {
    assertThat(jdbc.sql(
            "update sandbox.operations set amount_minor = :amount where reference = :ref")
        .param("amount", amountMinor).param("ref", transactionId).update()).isEqualTo(1);
  }

  private JsonNode heldRow(User admin, String id) throws Exception {
    for (JsonNode row : money.get(admin, REVIEWS)) {
      if (row.get("id").asString().equals(id)) {
        return row;
      }
    }
    return null;
  }

  private JsonNode openFinding(User admin, String transactionId) throws Exception {
    for (JsonNode f : money.get(admin, FINDINGS + "?open=true&limit=200")) {
      if (f.get("transactionId").asString().equals(transactionId)
          && f.get("kind").asString().equals("amount_mismatch")) {
        return f;
      }
    }
    return null;
  }

  private int findingsOf(User admin, String transactionId) throws Exception {
    int count = 0;
    for (JsonNode f : money.get(admin, FINDINGS + "?open=false&limit=200")) {
      count += f.get("transactionId").asString().equals(transactionId) ? 1 : 0;
    }
    return count;
  }
}
