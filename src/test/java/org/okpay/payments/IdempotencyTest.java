package org.okpay.payments;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.okpay.OkPayTest;
import org.okpay.TestUsers;
import org.okpay.ledger.LedgerApi;
import org.okpay.payments.MoneyFixture.User;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.json.JsonMapper;

/** The same Idempotency-Key: one effect, however often and however concurrently it comes. */
@OkPayTest
class IdempotencyTest {

  static final int STORM = 50;

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
  void fiftyConcurrentRequestsWithOneKeyHaveOneEffect() throws Exception {
    User sender = money.user("USD");
    User recipient = money.user("USD");
    money.fund(sender, 100_000, "USD");
    String key = UUID.randomUUID().toString();
    Map<String, Object> body = Map.of("recipientEmail", recipient.email(), "amountMinor", 1_000,
        "currency", "USD");

    CountDownLatch start = new CountDownLatch(1);
    List<Future<HttpResponse<String>>> responses = new ArrayList<>();
    try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
      for (int i = 0; i < STORM; i++) {
        responses.add(pool.submit(() -> {
          start.await();
          return money.send("POST", "/api/v1/me/transfers", body, sender.token(), key);
        }));
      }
      start.countDown();
    }

    List<String> ids = new ArrayList<>();
    int created = 0;
    for (Future<HttpResponse<String>> future : responses) {
      HttpResponse<String> response = future.get();
      assertThat(response.statusCode()).as(response.body()).isIn(200, 201);
      created += response.statusCode() == 201 ? 1 : 0;
      ids.add(money.read(response).get("id").asString());
    }
    assertThat(created).isEqualTo(1);
    assertThat(ids).containsOnly(ids.getFirst());
    assertThat(money.balance(recipient, "USD")).isEqualTo(1_000);
    assertThat(jdbc.sql("select count(*) from payments.transactions where idempotency_key = :k")
        .param("k", key).query(Integer.class).single()).isEqualTo(1);
    assertThat(ledger.checkInvariants().holds()).isTrue();
  }

  @Test
  void theSameKeyWithOtherParametersIsRefused() throws Exception {
    User sender = money.user("USD");
    User recipient = money.user("USD");
    money.fund(sender, 10_000, "USD");
    String key = UUID.randomUUID().toString();

    HttpResponse<String> first = money.send("POST", "/api/v1/me/transfers", Map.of(
        "recipientEmail", recipient.email(), "amountMinor", 1_000, "currency", "USD"),
        sender.token(), key);
    HttpResponse<String> other = money.send("POST", "/api/v1/me/transfers", Map.of(
        "recipientEmail", recipient.email(), "amountMinor", 2_000, "currency", "USD"),
        sender.token(), key);
    HttpResponse<String> again = money.send("POST", "/api/v1/me/transfers", Map.of(
        "recipientEmail", recipient.email(), "amountMinor", 1_000, "currency", "USD"),
        sender.token(), key);

    assertThat(first.statusCode()).isEqualTo(201);
    assertThat(other.statusCode()).isEqualTo(422);
    assertThat(money.read(other).get("code").asString()).isEqualTo("idempotency_key_reused");
    assertThat(again.statusCode()).isEqualTo(200);
    assertThat(again.headers().firstValue("Idempotent-Replayed")).hasValue("true");
    // The first answer is built from what the call wrote, the replay is read from the database:
    // the same transaction, field for field (times included, at the database's precision).
    assertThat(money.read(again)).isEqualTo(money.read(first));
    assertThat(money.balance(recipient, "USD")).isEqualTo(1_000);
  }

  @Test
  void aReplayAfterTheBalanceWasSpentIsAnsweredAsTheFirstRequestWas() throws Exception {
    User sender = money.user("USD");
    User recipient = money.user("USD");
    money.fund(sender, 1_000, "USD");
    String key = UUID.randomUUID().toString();
    Map<String, Object> all = Map.of("recipientEmail", recipient.email(), "amountMinor", 1_000,
        "currency", "USD");

    HttpResponse<String> first = money.send("POST", "/api/v1/me/transfers", all, sender.token(),
        key);
    // The guards would refuse this now (nothing left); the key was used, so it is a replay.
    HttpResponse<String> again = money.send("POST", "/api/v1/me/transfers", all, sender.token(),
        key);
    HttpResponse<String> fresh = money.send("POST", "/api/v1/me/transfers", all, sender.token(),
        UUID.randomUUID().toString());

    assertThat(first.statusCode()).as(first.body()).isEqualTo(201);
    assertThat(again.statusCode()).as(again.body()).isEqualTo(200);
    assertThat(again.headers().firstValue("Idempotent-Replayed")).hasValue("true");
    assertThat(money.read(again)).isEqualTo(money.read(first));
    assertThat(fresh.statusCode()).as("a new key is a new payment").isEqualTo(409);
    assertThat(money.read(fresh).get("code").asString()).isEqualTo("insufficient_funds");
    assertThat(money.balance(sender, "USD")).isZero();
    assertThat(money.balance(recipient, "USD")).isEqualTo(1_000);
  }

  @Test
  void aMoneyMovingRequestWithoutAKeyIsRefusedBeforeAnyEffect() throws Exception {
    User sender = money.user("USD");
    User recipient = money.user("USD");
    money.fund(sender, 10_000, "USD");

    HttpResponse<String> response = money.send("POST", "/api/v1/me/transfers", Map.of(
        "recipientEmail", recipient.email(), "amountMinor", 1_000, "currency", "USD"),
        sender.token(), null);

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(money.read(response).get("code").asString()).isEqualTo("idempotency_key_missing");
    assertThat(money.balance(recipient, "USD")).isZero();
  }

  @Test
  void aDeclineReplaysAsTheSameDecline() throws Exception {
    User pat = money.user("USD");
    String card = money.addCard(pat, "4000000000000002");
    String key = UUID.randomUUID().toString();
    Map<String, Object> body = Map.of("cardId", card, "amountMinor", 500, "currency", "USD");

    HttpResponse<String> first = money.send("POST", "/api/v1/me/topups", body, pat.token(), key);
    HttpResponse<String> again = money.send("POST", "/api/v1/me/topups", body, pat.token(), key);

    assertThat(first.statusCode()).isEqualTo(402);
    assertThat(again.statusCode()).isEqualTo(402);
    assertThat(money.read(again).get("transactionId"))
        .isEqualTo(money.read(first).get("transactionId"));
  }
}
