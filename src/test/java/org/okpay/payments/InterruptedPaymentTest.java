package org.okpay.payments;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.UUID;
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
 * A process that stops in the middle of a payment between users: reconciliation finishes it when
 * the ledger has its money, and fails it when the ledger never saw it. The stop is simulated by
 * putting the row back where such a stop would leave it (the clock is shared by every test).
 */
@OkPayTest
class InterruptedPaymentTest {

  @LocalServerPort int port;
  @Autowired JsonMapper json;
  @Autowired TestUsers users;
  @Autowired JdbcClient jdbc;
  @Autowired LedgerApi ledger;

  @Test
  void aPaymentWhoseMoneyMovedIsCompletedAndOneThatDidNotIsFailed() throws Exception {
    MoneyFixture money = new MoneyFixture(port, json, users);
    User alice = money.user("USD");
    User bob = money.user("USD");
    money.fund(alice, 10_000, "USD");
    String moved = money.read(money.post(alice, "/api/v1/me/transfers", Map.of(
        "recipientEmail", bob.email(), "amountMinor", 1_000, "currency", "USD"))).get("id")
        .asString();
    // Stopped after the ledger wrote the transfer, before the state moved.
    jdbc.sql("""
        with moved as (
          update payments.transactions set state = 'created', updated_at = now() - interval '1 hour'
           where id = :id
          returning id, updated_at)
        insert into payments.work_list (transaction_id, state, updated_at)
        select id, 'created', updated_at from moved
        """).param("id", UUID.fromString(moved)).update();
    // Stopped before the ledger: a recorded payment whose money never moved.
    UUID neverMoved = UUID.randomUUID();
    jdbc.sql("""
        insert into payments.transactions (id, user_id, operation, state, amount_minor, currency,
          fee_minor, counterparty_user_id, counterparty, limit_amount_minor, idempotency_key,
          request_hash, created_at, updated_at)
        select :id, user_id, 'p2p', 'created', 2000, 'USD', 0, counterparty_user_id, counterparty,
               2000, 'interrupted-' || :id, 'x', now() - interval '1 hour', now() - interval '1 hour'
          from payments.transactions where id = :moved
        """).param("id", neverMoved).param("moved", UUID.fromString(moved)).update();
    jdbc.sql("""
        insert into payments.work_list (transaction_id, state, updated_at)
        values (:id, 'created', now() - interval '1 hour')
        """).param("id", neverMoved).update();

    money.reconcile();

    JsonNode completed = money.get(alice, "/api/v1/me/transactions/" + moved);
    assertThat(completed.get("state").asString()).isEqualTo("completed");
    JsonNode failed = money.get(alice, "/api/v1/me/transactions/" + neverMoved);
    assertThat(failed.get("state").asString()).isEqualTo("failed");
    assertThat(failed.get("failure").asString()).isEqualTo("payment_interrupted");
    assertThat(money.balance(bob, "USD")).isEqualTo(1_000);
    assertThat(money.balance(alice, "USD")).isEqualTo(9_000);
    assertThat(ledger.checkInvariants().holds()).isTrue();
  }
}
