package org.okpay.payments;

import static org.assertj.core.api.Assertions.assertThat;

import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.okpay.OkPayTest;
import org.okpay.TestUsers;
import org.okpay.ledger.LedgerApi;
import org.okpay.notify.DevMailbox;
import org.okpay.payments.MoneyFixture.User;
import org.okpay.status.StatusApi;
import org.okpay.status.StatusComponent;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Sending between users, and the checks before money moves: funds, limits, frozen, risk, status. */
@OkPayTest
class PaymentRulesTest {

  @LocalServerPort int port;
  @Autowired JsonMapper json;
  @Autowired DevMailbox mailbox;
  @Autowired TestUsers users;
  @Autowired LedgerApi ledger;
  @Autowired JdbcClient jdbc;
  @Autowired StatusApi status;

  MoneyFixture money;

  @BeforeEach
  void setUp() {
    money = new MoneyFixture(port, json, users);
  }

  @Test
  void sendingShowsInBothHistoriesAndTellsTheRecipient() throws Exception {
    User alice = money.user("USD");
    User bob = money.user("CNY");
    money.fund(alice, 20_000, "USD");

    HttpResponse<String> sent = money.post(alice, "/api/v1/me/transfers", Map.of(
        "recipientEmail", bob.email(), "amountMinor", 2_500, "currency", "USD", "note", "lunch"));

    assertThat(sent.statusCode()).as(sent.body()).isEqualTo(201);
    String id = money.read(sent).get("id").asString();
    assertThat(money.balance(bob, "USD")).isEqualTo(2_500);
    JsonNode aliceSees = money.get(alice, "/api/v1/me/transactions?type=p2p").get("transactions");
    JsonNode bobSees = money.get(bob, "/api/v1/me/transactions").get("transactions");
    assertThat(aliceSees.findValuesAsString("id")).contains(id);
    assertThat(bobSees.get(0).get("id").asString()).isEqualTo(id);
    assertThat(bobSees.get(0).get("incoming").asBoolean()).isTrue();
    assertThat(bobSees.get(0).get("counterparty").asString()).contains(alice.email());
    assertThat(bobSees.get(0).get("note").asString()).isEqualTo("lunch");
    HttpResponse<String> csv = money.send("GET", "/api/v1/me/transactions.csv?type=p2p", null,
        bob.token(), null);
    assertThat(csv.statusCode()).isEqualTo(200);
    assertThat(csv.headers().firstValue("Content-Type")).hasValueSatisfying(
        type -> assertThat(type).startsWith("text/csv"));
    assertThat(csv.body().lines().toList()).hasSize(2).first().asString().startsWith("\uFEFFid,");
    assertThat(csv.body()).contains(id + ",").contains(",in,completed,25.00,0.00,USD,")
        .contains("\"lunch\"");
    JsonNode statement = money.get(bob, "/api/v1/me/statements/"
        + java.time.YearMonth.now(java.time.ZoneOffset.UTC));
    JsonNode usd = statement.get("currencies").findParents("currency").stream()
        .filter(c -> c.get("currency").asString().equals("USD")).findFirst().orElseThrow();
    assertThat(usd.get("moneyIn").get("amountMinor").asLong()).isEqualTo(2_500);
    assertThat(usd.get("closing").get("amountMinor").asLong())
        .isEqualTo(usd.get("opening").get("amountMinor").asLong() + 2_500);
    assertThat(statement.get("transactions").findValuesAsString("id")).contains(id);
    await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(
        money.get(bob, "/api/v1/me/notifications").toString()).contains("You received money"));
    // Each side sees its own notice only.
    JsonNode aliceNotices = money.get(alice, "/api/v1/me/notifications");
    JsonNode bobNotices = money.get(bob, "/api/v1/me/notifications");
    assertThat(aliceNotices.findValuesAsString("title")).contains("Money sent")
        .doesNotContain("You received money");
    assertThat(bobNotices.findValuesAsString("title")).doesNotContain("Money sent");
    assertThat(bobNotices.findValuesAsString("title")).filteredOn("You received money"::equals)
        .hasSize(1);
    // The three notices, written in the move to completed (NotifyApi's enqueueAll: one statement
    // for the in-app notifications, one for the e-mail's outbox row), each under its own dedup
    // key and in the order they were asked for.
    assertThat(jdbc.sql("""
            select channel || ' ' || dedup_key from (
              select 'in_app' as channel, dedup_key, outbox_id as id from notify.notifications
               where dedup_key like :prefix
              union all
              select channel, dedup_key, id from notify.outbox where dedup_key like :prefix) n
             order by id
            """)
        .param("prefix", "payments:" + id + ":%").query(String.class).list()).containsExactly(
        "in_app payments:" + id + ":money-sent:" + userId(alice),
        "in_app payments:" + id + ":money-received:" + userId(bob),
        "email payments:" + id + ":mail-received:" + userId(bob));
  }

  private String userId(User user) {
    return jdbc.sql("select id::text from identity.users where email = :email")
        .param("email", user.email()).query(String.class).single();
  }

  @Test
  void insufficientFundsRecipientNotFoundAndPayingYourselfAreRefusedWithNoRecord()
      throws Exception {
    User alice = money.user("USD");
    User bob = money.user("USD");
    money.fund(alice, 1_000, "USD");

    assertProblem(money.post(alice, "/api/v1/me/transfers", Map.of("recipientEmail", bob.email(),
        "amountMinor", 5_000, "currency", "USD")), 409, "insufficient_funds");
    assertProblem(money.post(alice, "/api/v1/me/transfers", Map.of("recipientEmail",
        "nobody-" + bob.email(), "amountMinor", 100, "currency", "USD")), 404,
        "recipient_not_found");
    assertProblem(money.post(alice, "/api/v1/me/transfers", Map.of("recipientEmail",
        alice.email(), "amountMinor", 100, "currency", "USD")), 422, "cannot_pay_yourself");
    assertProblem(money.post(alice, "/api/v1/me/transfers", Map.of("recipientEmail",
        bob.email(), "amountMinor", 100, "currency", "XXX")), 400, "currency_not_supported");
    assertProblem(money.post(alice, "/api/v1/me/transfers", Map.of("recipientEmail",
        bob.email(), "amountMinor", -5, "currency", "USD")), 400, "validation_failed");

    assertThat(money.get(alice, "/api/v1/me/transactions?type=p2p").get("transactions"))
        .isEmpty();
    assertThat(money.balance(bob, "USD")).isZero();
  }

  @Test
  void anUnverifiedUserHitsTheLowerLimitAndIsToldWhatIsLeftAndWhen() throws Exception {
    User newcomer = money.unverifiedUser("USD");
    String card = money.addCard(newcomer, MoneyFixture.VISA);
    JsonNode limit = money.read(money.send("POST", "/api/v1/me/topups/preview", Map.of(
        "cardId", card, "amountMinor", 100, "currency", "USD"), newcomer.token(), null));
    long dailyLeft = limit.get("dailyLeft").get("amountMinor").asLong() + 100;

    HttpResponse<String> over = money.post(newcomer, "/api/v1/me/topups", Map.of(
        "cardId", card, "amountMinor", dailyLeft + 1, "currency", "USD"));

    JsonNode problem = assertProblem(over, 422, "limit_exceeded");
    assertThat(problem.get("period").asString()).isEqualTo("daily");
    assertThat(problem.get("remaining").asString()).isNotBlank();
    Instant resets = Instant.parse(problem.get("resetsAt").asString());
    assertThat(resets).isAfter(Instant.now()).isBefore(Instant.now().plus(1, ChronoUnit.DAYS)
        .plusSeconds(60));
    assertThat(money.balance(newcomer, "USD")).isZero();
  }

  @Test
  void aFrozenAccountCannotSendButCanReceive() throws Exception {
    User alice = money.user("USD");
    User bob = money.user("USD");
    money.fund(alice, 5_000, "USD");
    money.fund(bob, 5_000, "USD");
    assertThat(money.send("POST", "/api/v1/me/compromised", null, alice.token(), null)
        .statusCode()).isBetween(200, 299);
    // The reported password no longer signs in: the owner recovers with the e-mailed reset link
    // (issue 13), and the account stays frozen for sending.
    String link = await().atMost(Duration.ofSeconds(10)).until(() -> mailbox
        .latest(alice.email(), 10).stream()
        .filter(m -> m.template() == org.okpay.notify.EmailTemplate.PASSWORD_RESET)
        .map(m -> m.links().getFirst()).findFirst().orElse(null), l -> l != null);
    assertThat(money.send("POST", "/api/v1/auth/password-reset/confirm", Map.of(
        "token", link.substring(link.indexOf("token=") + 6), "newPassword", MoneyFixture.PASSWORD),
        null, null).statusCode()).isEqualTo(204);
    User frozen = new User(alice.email(), money.signIn(alice.email()));

    assertProblem(money.post(frozen, "/api/v1/me/transfers", Map.of(
        "recipientEmail", bob.email(), "amountMinor", 1_000, "currency", "USD")), 409,
        "account_frozen");
    HttpResponse<String> toAlice = money.post(bob, "/api/v1/me/transfers", Map.of(
        "recipientEmail", alice.email(), "amountMinor", 1_000, "currency", "USD"));
    assertThat(toAlice.statusCode()).as(toAlice.body()).isEqualTo(201);
    int frozenSends = jdbc.sql("""
        select count(*) from payments.transactions t join identity.users u on u.id = t.user_id
         where u.email = :email and t.operation = 'p2p'
        """).param("email", alice.email()).query(Integer.class).single();
    assertThat(frozenSends).isZero();
  }

  @Test
  void maintenanceRefusesCardTopUpsBeforeAnyEffect() throws Exception {
    User pat = money.user("USD");
    String card = money.addCard(pat, MoneyFixture.VISA);
    Instant now = Instant.now();
    StatusApi.Maintenance window = status.scheduleMaintenance("Card network upgrade",
        Set.of(StatusComponent.CARD_TOPUPS), now.minusSeconds(60), now.plusSeconds(3600));
    try {
      HttpResponse<String> response = money.post(pat, "/api/v1/me/topups", Map.of(
          "cardId", card, "amountMinor", 1_000, "currency", "USD"));

      JsonNode problem = assertProblem(response, 503, "maintenance");
      assertThat(problem.get("statusPage").asString()).contains("/status");
      assertThat(money.get(pat, "/api/v1/me/transactions").get("transactions")).isEmpty();
      assertThat(money.balance(pat, "USD")).isZero();
      assertThat(ledger.checkInvariants().holds()).isTrue();
    } finally {
      jdbc.sql("delete from status.maintenance_windows where id = :id").param("id", window.id())
          .update();
    }
  }

  @Test
  void anUnusuallyLargePaymentWithoutTwoFactorIsHeldForReviewThenApproved() throws Exception {
    User alice = money.user("USD");
    User bob = money.user("USD");
    money.fund(alice, 500_000, "USD");

    HttpResponse<String> held = money.post(alice, "/api/v1/me/transfers", Map.of(
        "recipientEmail", bob.email(), "amountMinor", 300_000, "currency", "USD"));

    assertThat(held.statusCode()).as(held.body()).isEqualTo(202);
    JsonNode tx = money.read(held);
    assertThat(tx.get("state").asString()).isEqualTo("on_hold");
    assertThat(money.balance(bob, "USD")).isZero();

    HttpResponse<String> approved = money.send("POST", "/api/v1/admin/payments/reviews/"
        + tx.get("id").asString() + "/approve", null, MoneyFixture.ADMIN, null);
    assertThat(approved.statusCode()).as(approved.body()).isEqualTo(200);
    assertThat(money.balance(bob, "USD")).isEqualTo(300_000);
    JsonNode steps = money.get(alice, "/api/v1/me/transactions/" + tx.get("id").asString())
        .get("steps");
    assertThat(steps.findValuesAsString("step")).contains("held_for_review", "review_approved");
    assertThat(steps.toString()).as("which agent decided stays with staff")
        .doesNotContain("operator");
    await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(
        mailbox.latest(alice.email(), 10)).anySatisfy(mail -> {
          assertThat(mail.subject()).contains("A large payment left your account");
          assertThat(mail.text()).contains("$3,000.00").contains(bob.email());
        }));
  }

  @Test
  void aSessionOnADeviceFirstUsedTodayCountsAsANewDevice() throws Exception {
    User alice = money.user("USD");
    User bob = money.user("USD");
    money.fund(alice, 10_000, "USD");
    String laptop = tokenFrom(alice, "Mozilla/5.0 (X11; Linux x86_64) Chrome/131.0 Safari/537.36");
    Map<String, Object> body = Map.of("recipientEmail", bob.email(), "amountMinor", 500,
        "currency", "USD");

    JsonNode usual = money.read(money.send("POST", "/api/v1/me/transfers/preview", body,
        alice.token(), null));
    JsonNode fromLaptop = money.read(money.send("POST", "/api/v1/me/transfers/preview", body,
        laptop, null));

    assertThat(usual.get("riskReasons").toString()).doesNotContain("new_device");
    assertThat(fromLaptop.get("riskReasons").toString()).contains("new_device", "new_recipient");
    assertThat(fromLaptop.get("reviewNeeded").asBoolean()).isTrue();
  }

  private String tokenFrom(User user, String userAgent) throws Exception {
    HttpResponse<String> response = java.net.http.HttpClient.newHttpClient().send(
        java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://localhost:" + port
            + "/api/v1/auth/tokens")).header("Content-Type", "application/json")
            .header("User-Agent", userAgent)
            .POST(java.net.http.HttpRequest.BodyPublishers.ofString(json.writeValueAsString(
                Map.of("email", user.email(), "password", MoneyFixture.PASSWORD)))).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
    return money.read(response).get("token").asString();
  }

  private JsonNode assertProblem(HttpResponse<String> response, int status, String code)
      throws Exception {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
    assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
        type -> assertThat(type).startsWith("application/problem+json"));
    JsonNode problem = money.read(response);
    assertThat(problem.get("code").asString()).isEqualTo(code);
    return problem;
  }
}
