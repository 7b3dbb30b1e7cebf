package org.okpay.payments.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.okpay.OkPayTest;
import org.okpay.TestUsers;
import org.okpay.payments.DeclineCode;
import org.okpay.payments.MoneyFixture;
import org.okpay.payments.MoneyFixture.User;
import org.okpay.payments.PaymentRail;
import org.okpay.payments.PaymentsAdminApi.ReconciliationRun;
import org.okpay.payments.RailOutcome;
import org.okpay.payments.RailState;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.json.JsonMapper;

/**
 * One open transaction whose settling throws (here a trigger refuses its state change, as a
 * unique index refused an orphaned checkout attempt in bench/cluster.sh) becomes a finding; the
 * run goes on and settles the one behind it, instead of failing on the same row every run.
 */
@OkPayTest
class ReconcilerFailureTest {

  @LocalServerPort int port;
  @Autowired JsonMapper json;
  @Autowired TestUsers users;
  @Autowired JdbcClient jdbc;
  @Autowired TransactionStore store;
  @Autowired Mover mover;
  @Autowired PaymentRail rail;
  @Autowired Findings findings;
  @Autowired OperationTypes types;
  @Autowired PaymentsProperties defaults;
  @Autowired Clock clock;

  @Test
  void aTransactionThatCannotBeSettledIsAFindingAndTheRunGoesOn() throws Exception {
    MoneyFixture money = new MoneyFixture(port, json, users);
    User pat = money.user("USD");
    money.fund(pat, 50_000, "USD");
    String slow = money.addBankAccount(pat, "000444444440", "USD");
    jdbc.sql("update payments.work_list set reconciled_at = now() where reconciled_at is null")
        .update();
    UUID stuck = withdraw(money, pat, slow);
    UUID behind = withdraw(money, pat, slow);
    jdbc.sql("""
        create or replace function payments.test_refuse_move() returns trigger language plpgsql as
        $$ begin raise exception 'test: this row refuses to move'; end $$
        """).update();
    jdbc.sql("create trigger test_refuse_move before update on payments.transactions for each row"
        + " when (old.id = '" + stuck + "' and new.state is distinct from old.state)"
        + " execute function payments.test_refuse_move()").update();
    try {
      Reconciler reconciler = new Reconciler(jdbc, store, mover, declining(Set.of(stuck, behind)),
          findings, types, defaults, Duration.ofMinutes(10), clock);

      ReconciliationRun first = reconciler.run();
      ReconciliationRun second = reconciler.run();

      assertThat(first.checked()).isGreaterThanOrEqualTo(2);
      assertThat(first.findings()).isGreaterThanOrEqualTo(1);
      assertThat(state(stuck)).isEqualTo("processing");
      assertThat(state(behind)).as("settled although the one before it threw").isEqualTo("failed");
      assertThat(openFindings(stuck, "settle_failed")).isEqualTo(1);
      assertThat(second.finishedAt()).as("the next run finishes too").isNotNull();
      assertThat(openFindings(stuck, "settle_failed")).as("recorded once").isEqualTo(1);
    } finally {
      jdbc.sql("drop trigger test_refuse_move on payments.transactions").update();
      jdbc.sql("drop function payments.test_refuse_move()").update();
    }
  }

  /** The real rail, except that it says the given operations were declined. */
  private PaymentRail declining(Set<UUID> ids) {
    return (PaymentRail) Proxy.newProxyInstance(getClass().getClassLoader(),
        new Class<?>[] {PaymentRail.class}, (proxy, method, args) -> {
          try {
            Object answer = method.invoke(rail, args);
            if (method.getName().equals("status") && ids.contains(UUID.fromString((String) args[0]))) {
              RailOutcome real = (RailOutcome) answer;
              return new RailOutcome(real.reference(), real.railReference(), RailState.DECLINED,
                  real.amountMinor(), real.currency(), DeclineCode.ACCOUNT_CLOSED, null,
                  clock.instant());
            }
            return answer;
          } catch (InvocationTargetException e) {
            throw e.getCause();
          }
        });
  }

  private String state(UUID id) {
    return jdbc.sql("select state from payments.transactions where id = :id").param("id", id)
        .query(String.class).single();
  }

  private int openFindings(UUID id, String kind) {
    return jdbc.sql("select count(*) from payments.reconciliation_findings"
            + " where transaction_id = :id and kind = :kind and resolved_at is null")
        .param("id", id).param("kind", kind).query(Integer.class).single();
  }

  private static UUID withdraw(MoneyFixture money, User user, String bank) throws Exception {
    return UUID.fromString(money.read(money.post(user, "/api/v1/me/withdrawals",
        Map.of("bankAccountId", bank, "amountMinor", 1_000))).get("id").asString());
  }
}
