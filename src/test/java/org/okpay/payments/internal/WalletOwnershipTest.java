package org.okpay.payments.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.okpay.OkPayTest;
import org.okpay.TestUsers;
import org.okpay.identity.AccountCompromiseReported;
import org.okpay.identity.IdentityApi;
import org.okpay.identity.UserVerified;
import org.okpay.identity.internal.IdentityTestHooks;
import org.okpay.ledger.Account;
import org.okpay.ledger.AccountStatus;
import org.okpay.ledger.LedgerApi;
import org.okpay.ledger.OwnerType;
import org.okpay.payments.MoneyFixture;
import org.okpay.payments.MoneyFixture.User;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.modulith.events.IncompleteEventPublications;
import org.springframework.test.util.AopTestUtils;
import tools.jackson.databind.json.JsonMapper;

/**
 * Issue 9, item 6: payments opens and freezes wallets from identity's events, which the
 * publication registry stores with identity's commit. A fault injected into the database kills
 * the handler mid-way once (its ledger write fails after identity has committed); the event
 * stays in the registry, is handed over again, and the wallet ends opened / frozen exactly once.
 */
@OkPayTest
class WalletOwnershipTest {

  @LocalServerPort int port;
  @Autowired JsonMapper json;
  @Autowired TestUsers users;
  @Autowired IdentityTestHooks hooks;
  @Autowired JdbcClient jdbc;
  @Autowired LedgerApi ledger;
  @Autowired IdentityApi identity;
  @Autowired IncompleteEventPublications incomplete;
  @Autowired WalletOwnership ownership;

  private MoneyFixture money;
  private String fault;

  @BeforeEach
  void setUp() {
    money = new MoneyFixture(port, json, users);
  }

  @AfterEach
  void removeFault() {
    if (fault != null) {
      jdbc.sql("drop trigger if exists " + fault + " on ledger.accounts").update();
      jdbc.sql("drop function if exists " + fault + "()").update();
      jdbc.sql("drop sequence if exists " + fault + "_calls").update();
    }
  }

  @Test
  void aVerificationWhoseWalletOpeningDiedIsHandledAgainAndOpensOneWallet() throws Exception {
    TestUsers.TestUser unverified = users.user().unverified().create();
    String userId = unverified.id().toString();
    failOnce(userId, "insert");

    hooks.verify(unverified.email());

    // Identity committed (the address is confirmed); the handler died before the wallet.
    awaitFailed(userId, UserVerified.class);
    assertThat(wallets(userId)).isEmpty();
    resubmit(userId);
    await().atMost(Duration.ofSeconds(10)).until(() -> wallets(userId), w -> !w.isEmpty());
    awaitNoPublication(userId);
    // Handled again (a replay, or a second resubmission): still one wallet.
    handler().on(new UserVerified(UUID.fromString(userId), "USD", java.time.Instant.now()));
    resubmit(userId);
    assertThat(wallets(userId)).singleElement().satisfies(a -> {
      assertThat(a.currency().getCurrencyCode()).isEqualTo("USD");
      assertThat(a.status()).isEqualTo(AccountStatus.ACTIVE);
    });
    assertThat(faultCalls()).isEqualTo(2); // the killed insert, then the one that opened it
  }

  @Test
  void aReportWhoseFreezeDiedStillRefusesSendingAndIsFrozenOnTheSecondDelivery()
      throws Exception {
    User user = money.user("USD");
    String userId = userId(user.token());
    failOnce(userId, "update");

    assertThat(money.send("POST", "/api/v1/me/compromised", null, user.token(), null)
        .statusCode()).isEqualTo(202);

    // Sending is refused from identity's commit, whatever the ledger says yet.
    assertThat(identity.frozen(UUID.fromString(userId))).isTrue();
    awaitFailed(userId, AccountCompromiseReported.class);
    assertThat(wallets(userId)).extracting(Account::status).containsExactly(AccountStatus.ACTIVE);
    resubmit(userId);
    await().atMost(Duration.ofSeconds(10)).until(() -> wallets(userId).stream()
        .allMatch(a -> a.status() == AccountStatus.FROZEN));
    awaitNoPublication(userId);
    handler().on(new AccountCompromiseReported(UUID.fromString(userId), user.email(),
        java.time.Instant.now(), "127.0.0.1"));
    assertThat(wallets(userId)).singleElement()
        .satisfies(a -> assertThat(a.status()).isEqualTo(AccountStatus.FROZEN));
    assertThat(faultCalls()).isEqualTo(2); // the killed freeze, then the one that froze it
  }

  // --- helpers -----------------------------------------------------------------------------

  /** The handler itself, called on this thread (the bean's proxy would run it asynchronously). */
  private WalletOwnership handler() {
    return AopTestUtils.getUltimateTargetObject(ownership);
  }

  /**
   * The next insert or update of this user's ledger accounts fails, as if the JVM died in the
   * handler after identity's commit; later ones go through. A sequence counts the calls: it is
   * not rolled back with the failing write.
   */
  private void failOnce(String userId, String operation) {
    fault = "test_fault_" + UUID.randomUUID().toString().replace("-", "");
    jdbc.sql("create sequence " + fault + "_calls").update();
    jdbc.sql("create function " + fault + "() returns trigger language plpgsql as $$ begin "
        + "if nextval('" + fault + "_calls') = 1 then "
        + "raise exception 'injected fault: the handler dies here'; end if; "
        + "return new; end $$").update();
    jdbc.sql("create trigger " + fault + " before " + operation + " on ledger.accounts "
        + "for each row when (new.owner_id = '" + UUID.fromString(userId) + "') "
        + "execute function " + fault + "()").update();
  }

  private long faultCalls() {
    return jdbc.sql("select last_value from " + fault + "_calls").query(Long.class).single();
  }

  private void awaitFailed(String userId, Class<?> eventType) {
    await().atMost(Duration.ofSeconds(10)).until(() -> jdbc.sql("""
        select count(*) from event_publication
         where event_type = :type and serialized_event like :user and status = 'FAILED'
           and completion_date is null
        """).param("type", eventType.getName()).param("user", "%" + userId + "%")
        .query(Integer.class).single() == 1);
  }

  private void awaitNoPublication(String userId) {
    await().atMost(Duration.ofSeconds(10)).until(() -> jdbc.sql("""
        select count(*) from event_publication where serialized_event like :user
        """).param("user", "%" + userId + "%").query(Integer.class).single() == 0);
  }

  /** What the scheduled resubmission does after a minute, for this user's events, at once. */
  private void resubmit(String userId) {
    incomplete.resubmitIncompletePublications(p -> WalletOwnership.walletEvent(p)
        && p.getEvent().toString().contains(userId));
  }

  private List<Account> wallets(String userId) {
    return ledger.accountsOf(OwnerType.CUSTOMER, userId);
  }

  private String userId(String token) throws Exception {
    return money.get(new User("", token), "/api/v1/me").get("id").asString();
  }
}
