package org.okpay.throwaway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Currency;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.okpay.OkPayTest;
import org.okpay.SeparateTestDatabase;
import org.okpay.TestUsers;
import org.okpay.identity.CurrentUser;
import org.okpay.identity.Role;
import org.okpay.ledger.LedgerApi;
import org.okpay.payments.MoneyFixture.User;
import org.okpay.payments.MoneyFixture;
import org.okpay.payments.PaymentsApi;
import org.okpay.payments.TransactionState;
import org.okpay.payments.TransactionView;
import org.okpay.shared.ErrorCode;
import org.okpay.shared.OkPayException;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.json.JsonMapper;

/**
 * An operation type registered from outside payments (this package sees only payments' public
 * API) runs through the same engine as the built-in ones: guards and idempotency in execute,
 * holds and the rail, the tracker, reconciliation that completes it, the notice. Its context
 * and database are its own, so no other test meets the extra type.
 */
@OkPayTest
@DirtiesContext
@Import(DonationType.class)
class ThrowAwayOperationTypeTest {

  static final Currency USD = Currency.getInstance("USD");

  @DynamicPropertySource
  static void ownDatabase(DynamicPropertyRegistry registry) {
    registry.add("spring.datasource.url", () -> SeparateTestDatabase.url("optype"));
  }

  @LocalServerPort int port;
  @Autowired JsonMapper json;
  @Autowired TestUsers users;
  @Autowired JdbcClient jdbc;
  @Autowired PaymentsApi payments;
  @Autowired LedgerApi ledger;

  @Test
  void aDonationGoesThroughExecuteTheTrackerAndReconciliation() throws Exception {
    MoneyFixture money = new MoneyFixture(port, json, users);
    User pat = money.user("USD");
    money.fund(pat, 10_000, "USD");
    CurrentUser user = currentUser(pat);
    String key = UUID.randomUUID().toString();

    PaymentsApi.Executed first = payments.execute(user, key, new Donation(2_500, USD), null);
    PaymentsApi.Executed again = payments.execute(user, key, new Donation(2_500, USD), null);

    TransactionView sent = first.transaction();
    assertThat(first.replayed()).isFalse();
    assertThat(sent.state()).isEqualTo(TransactionState.PROCESSING);
    assertThat(sent.counterparty()).isEqualTo(DonationType.CHARITY.holderName());
    assertThat(again.replayed()).isTrue();
    assertThat(again.transaction().id()).isEqualTo(sent.id());
    assertThatThrownBy(() -> payments.execute(user, key, new Donation(2_600, USD), null))
        .isInstanceOfSatisfying(OkPayException.class, e ->
            assertThat(e.errorCode()).isEqualTo(ErrorCode.IDEMPOTENCY_KEY_REUSED));
    assertThat(jdbc.sql("select operation from payments.transactions where id = :id")
        .param("id", sent.id()).query(String.class).single()).isEqualTo(DonationType.KEY);
    assertThat(money.available(pat, "USD")).isEqualTo(10_000 - 2_500);
    assertThat(money.balance(pat, "USD")).isEqualTo(10_000);

    money.advanceSandbox(Duration.ofHours(1));
    money.reconcile();

    TransactionView done = payments.transaction(user.userId(), sent.id()).orElseThrow();
    assertThat(done.state()).isEqualTo(TransactionState.COMPLETED);
    assertThat(done.steps().stream().map(TransactionView.Step::step).toList())
        .containsSubsequence("created", "hold_placed", "sent_to_rail", "in_transit", "arrived");
    assertThat(money.balance(pat, "USD")).isEqualTo(10_000 - 2_500);
    assertThat(ledger.checkInvariants().holds()).isTrue();
    await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(
        money.get(pat, "/api/v1/me/notifications").toString())
        .contains(DonationType.CHARITY.holderName()));
  }

  @Test
  void aDonationOverItsOwnLimitIsRefusedBeforeAnyEffect() throws Exception {
    MoneyFixture money = new MoneyFixture(port, json, users);
    User pat = money.user("USD");
    money.fund(pat, DonationType.DAILY_MINOR + 1_000, "USD");
    CurrentUser user = currentUser(pat);

    assertThatThrownBy(() -> payments.execute(user, UUID.randomUUID().toString(),
        new Donation(DonationType.DAILY_MINOR + 1, USD), null))
        .isInstanceOfSatisfying(OkPayException.class, e ->
            assertThat(e.errorCode()).isEqualTo(ErrorCode.LIMIT_EXCEEDED));
    assertThat(jdbc.sql("""
        select count(*) from payments.transactions where user_id = :user and operation = :op
        """).param("user", user.userId()).param("op", DonationType.KEY)
        .query(Integer.class).single()).isZero();
    assertThat(money.available(pat, "USD")).isEqualTo(DonationType.DAILY_MINOR + 1_000);
  }

  private CurrentUser currentUser(User user) {
    UUID id = jdbc.sql("select id from identity.users where email = :e")
        .param("e", user.email()).query(UUID.class).single();
    return new CurrentUser(id, user.email(), "Pat", Role.CUSTOMER, "en", true, UUID.randomUUID(),
        "US");
  }
}
