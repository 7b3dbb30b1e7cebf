package org.okpay.payments.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.util.Currency;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.okpay.OkPayTest;
import org.okpay.TestUsers;
import org.okpay.identity.CurrentUser;
import org.okpay.identity.IdentityApi;
import org.okpay.identity.Role;
import org.okpay.payments.MoneyFixture;
import org.okpay.payments.Operation;
import org.okpay.payments.PaymentPlan;
import org.okpay.shared.ErrorCode;
import org.okpay.shared.OkPayException;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.json.JsonMapper;

/**
 * The velocity limit counts a user's money-moving requests in a window. The shared test
 * configuration sets it high for every other test, so this one checks with its own small limit.
 */
@OkPayTest
class VelocityTest {

  @LocalServerPort int port;
  @Autowired JsonMapper json;
  @Autowired TestUsers users;
  @Autowired JdbcClient jdbc;
  @Autowired IdentityApi identity;
  @Autowired LedgerAccounts accounts;
  @Autowired LimitUsage usage;
  @Autowired OperationTypes types;
  @Autowired PaymentsProperties defaults;
  @Autowired Clock clock;

  @Test
  void theThirdRequestInTheWindowIsRefusedWithWhenToRetry() throws Exception {
    MoneyFixture money = new MoneyFixture(port, json, users);
    MoneyFixture.User pat = money.user("USD");
    money.fund(pat, 1_000, "USD");
    money.fund(pat, 1_000, "USD");
    UUID userId = jdbc.sql("select id from identity.users where email = :e")
        .param("e", pat.email()).query(UUID.class).single();
    CurrentUser user = new CurrentUser(userId, pat.email(), "Pat", Role.CUSTOMER, "en", true,
        UUID.randomUUID());
    Checks twoPerWindow = new Checks(identity, accounts, usage, types,
        new PaymentsProperties(
        2, Duration.ofMinutes(10), defaults.largeAmountFactor(), defaults.largeAmountFloorMinor(),
        defaults.newDeviceWindow(), defaults.reconcileInterval(), defaults.reconcileBatchMax(),
        defaults.staleAfter(), defaults.returnWatch()), clock);
    PaymentPlan plan = new PaymentPlan(Operation.TOPUP_CARD.key(), false, 100,
        Currency.getInstance("USD"), 0, null, null, null, null, null, null, null, null, "card",
        null, null, 100);

    assertThatThrownBy(() -> twoPerWindow.requireWithinLimits(user, plan))
        .isInstanceOfSatisfying(OkPayException.class, e -> {
          assertThat(e.errorCode()).isEqualTo(ErrorCode.VELOCITY_LIMIT);
          assertThat(e.properties()).containsEntry("retryAfterSeconds", 600L);
        });
    // With the configured limit the same user may go on.
    new Checks(identity, accounts, usage, types, defaults, clock)
        .requireWithinLimits(user, plan);
  }
}
