package org.okpay.payments.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.okpay.OkPayTest;
import org.okpay.TestUsers;
import org.okpay.payments.MoneyFixture.User;
import org.okpay.payments.MoneyFixture;
import org.okpay.payments.PaymentRail;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.json.JsonMapper;

/**
 * A queue of open transfers longer than one run's batch rotates: every run asks first about the
 * ones asked longest ago, so none waits behind the others forever.
 */
@OkPayTest
class ReconcilerQueueTest {

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
  void everyOpenTransferIsAskedAboutAlthoughEachRunTakesOnlyOne() throws Exception {
    MoneyFixture money = new MoneyFixture(port, json, users);
    User pat = money.user("USD");
    money.fund(pat, 50_000, "USD");
    String slow = money.addBankAccount(pat, "000444444440", "USD");
    // Everything else open in this shared database is asked about first, once.
    jdbc.sql("update payments.work_list set reconciled_at = now() where reconciled_at is null")
        .update();
    List<UUID> mine = List.of(withdraw(money, pat, slow), withdraw(money, pat, slow),
        withdraw(money, pat, slow));
    Reconciler oneAtATime = new Reconciler(jdbc, store, mover, rail, findings, types,
        new PaymentsProperties(defaults.velocityMax(), defaults.velocityWindow(),
            defaults.largeAmountFactor(), defaults.largeAmountFloorMinor(),
            defaults.newDeviceWindow(), defaults.reconcileInterval(), 1, defaults.staleAfter(),
            defaults.returnWatch()), Duration.ofMinutes(10), clock);

    for (int run = 0; run < mine.size(); run++) {
      assertThat(oneAtATime.run().checked()).isEqualTo(1);
    }

    for (UUID id : mine) {
      assertThat(jdbc.sql("select reconciled_at is not null from payments.work_list"
          + " where transaction_id = :id").param("id", id).query(Boolean.class).single())
          .as("asked about " + id).isTrue();
    }
  }

  private static UUID withdraw(MoneyFixture money, User user, String bank) throws Exception {
    return UUID.fromString(money.read(money.post(user, "/api/v1/me/withdrawals",
        Map.of("bankAccountId", bank, "amountMinor", 1_000))).get("id").asString());
  }
}
