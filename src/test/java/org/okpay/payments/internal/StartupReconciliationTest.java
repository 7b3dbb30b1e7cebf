package org.okpay.payments.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledFuture;
import org.junit.jupiter.api.Test;
import org.okpay.OkPayTest;
import org.okpay.TestUsers;
import org.okpay.ledger.LedgerApi;
import org.okpay.payments.MoneyFixture;
import org.okpay.payments.MoneyFixture.User;
import org.okpay.payments.PaymentRail;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.scheduling.concurrent.ConcurrentTaskScheduler;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A process killed in the middle of payments, then restarted: a same-key retry of a payment it
 * left open answers 202 with when to ask again, and the restarted instance settles what was left
 * as soon as it is older than stale-after, not minutes later. The kill is simulated by putting
 * rows back where it would leave them: the money moved in the ledger, the state still "created".
 */
@OkPayTest
class StartupReconciliationTest {

  @LocalServerPort int port;
  @Autowired JsonMapper json;
  @Autowired TestUsers users;
  @Autowired JdbcClient jdbc;
  @Autowired LedgerApi ledger;
  @Autowired Reconciler reconciler;
  @Autowired TransactionStore store;
  @Autowired Mover mover;
  @Autowired PaymentRail rail;
  @Autowired Findings findings;
  @Autowired OperationTypes types;
  @Autowired PaymentsProperties properties;
  @Autowired TaskScheduler scheduler;
  @Autowired Clock clock;

  @Test
  void aRetryOfAPaymentLeftOpenSaysWhenToAskAgainAndTheRestartSettlesIt() throws Exception {
    MoneyFixture money = new MoneyFixture(port, json, users);
    User alice = money.user("USD");
    User bob = money.user("USD");
    money.fund(alice, 10_000, "USD");
    Map<String, Object> body = Map.of("recipientEmail", bob.email(), "amountMinor", 700,
        "currency", "USD");
    String freshKey = UUID.randomUUID().toString();
    UUID fresh = pay(money, alice, body, freshKey);
    UUID old = pay(money, alice, body, UUID.randomUUID().toString());
    leftOpen(fresh, Duration.ofSeconds(2));
    leftOpen(old, Duration.ofHours(1));

    HttpResponse<String> retry = money.send("POST", "/api/v1/me/transfers", body, alice.token(),
        freshKey);
    assertThat(retry.statusCode()).as(retry.body()).isEqualTo(202);
    long retryAfterSeconds = Long.parseLong(retry.headers().firstValue("Retry-After")
        .orElseThrow());
    assertThat(money.read(retry).get("retryAfterSeconds").asLong()).isEqualTo(retryAfterSeconds);
    assertThat(retryAfterSeconds).isBetween(properties.staleAfter().toSeconds() - 3,
        properties.staleAfter().plus(properties.reconcileInterval()).toSeconds());

    StartupReconciliation restarted = new StartupReconciliation(reconciler, jdbc, properties,
        scheduler, clock, true);
    Optional<Instant> safeAt = restarted.settleLeftovers(clock.instant());
    // The old row is settled at once; the fresh one might still be another instance's request.
    assertThat(state(old)).isEqualTo("completed");
    assertThat(state(fresh)).isEqualTo("created");
    assertThat(safeAt).hasValueSatisfying(at -> assertThat(at)
        .isEqualTo(updatedAt(fresh).plus(properties.staleAfter())));

    leftOpen(fresh, properties.staleAfter().plusSeconds(1));
    restarted.settleLeftovers(clock.instant());
    assertThat(state(fresh)).isEqualTo("completed");

    HttpResponse<String> answered = money.send("POST", "/api/v1/me/transfers", body,
        alice.token(), freshKey);
    assertThat(answered.statusCode()).isEqualTo(200);
    assertThat(answered.headers().firstValue("Retry-After")).isEmpty();
    assertThat(money.balance(bob, "USD")).isEqualTo(1_400);
    assertThat(ledger.checkInvariants().holds()).isTrue();
  }

  @Test
  void whenReadyItPlansARunForTheMomentTheNewestLeftoverIsSafe() throws Exception {
    MoneyFixture money = new MoneyFixture(port, json, users);
    User carol = money.user("USD");
    User dan = money.user("USD");
    money.fund(carol, 10_000, "USD");
    UUID fresh = pay(money, carol, Map.of("recipientEmail", dan.email(), "amountMinor", 300,
        "currency", "USD"), UUID.randomUUID().toString());
    leftOpen(fresh, Duration.ZERO);
    Duration staleAfter = Duration.ofSeconds(2);
    PaymentsProperties quick = new PaymentsProperties(properties.velocityMax(),
        properties.velocityWindow(), properties.largeAmountFactor(),
        properties.largeAmountFloorMinor(), properties.newDeviceWindow(),
        properties.reconcileInterval(), properties.reconcileBatchMax(), staleAfter,
        properties.returnWatch());
    List<Instant> planned = new CopyOnWriteArrayList<>();
    TaskScheduler recording = new ConcurrentTaskScheduler() {
      @Override
      public ScheduledFuture<?> schedule(Runnable task, Instant at) {
        planned.add(at);
        return super.schedule(task, at);
      }
    };
    Instant before = Instant.now();
    StartupReconciliation restarted = new StartupReconciliation(new Reconciler(jdbc, store,
        mover, rail, findings, types, quick, Duration.ofMinutes(10), clock), jdbc, quick, recording,
        clock, true);

    restarted.onReady();

    assertThat(state(fresh)).isEqualTo("created");
    assertThat(planned).isNotEmpty();
    assertThat(planned.getFirst()).isBetween(before.plus(staleAfter).minusSeconds(1),
        Instant.now().plus(staleAfter).plusSeconds(2));
    await().atMost(Duration.ofSeconds(30)).until(() -> state(fresh).equals("completed"));
    assertThat(money.balance(dan, "USD")).isEqualTo(300);
  }

  private static UUID pay(MoneyFixture money, User from, Map<String, Object> body, String key)
      throws Exception {
    HttpResponse<String> paid = money.send("POST", "/api/v1/me/transfers", body, from.token(),
        key);
    assertThat(paid.statusCode()).as(paid.body()).isEqualTo(201);
    return UUID.fromString(money.read(paid).get("id").asString());
  }

  /** Where a kill after the ledger write and before the state move leaves the row (listed). */
  private void leftOpen(UUID id, Duration ago) {
    jdbc.sql("""
        with moved as (
          update payments.transactions set state = 'created', updated_at = :at where id = :id
          returning id, updated_at)
        insert into payments.work_list (transaction_id, state, updated_at)
        select id, 'created', updated_at from moved
        on conflict (transaction_id) do update set state = 'created', updated_at = :at
        """).param("id", id).param("at", TransactionStore.ts(clock.instant().minus(ago)))
        .update();
  }

  private String state(UUID id) {
    return jdbc.sql("select state from payments.transactions where id = :id").param("id", id)
        .query(String.class).single();
  }

  private Instant updatedAt(UUID id) {
    return jdbc.sql("select updated_at from payments.transactions where id = :id")
        .param("id", id).query(OffsetDateTime.class).single().toInstant();
  }
}
