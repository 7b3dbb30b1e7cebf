package org.okpay.identity.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.okpay.OkPayTest;
import org.okpay.TestUsers.TestUser;
import org.okpay.TestUsers;
import org.okpay.identity.IdentityApi;
import org.okpay.shared.ChangeFeed;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The payee a payment looks up is held in memory, and never outlives a change that moves an
 * address or number away from its owner: on this instance from the commit on, from another
 * instance (or by hand) once the trigger's notice arrives.
 */
@OkPayTest
class PayeeCacheTest {

  private static final Duration NOTICE_WAIT_MAX = Duration.ofSeconds(10);

  @Autowired TestUsers users;
  @Autowired IdentityApi identity;
  @Autowired UserStore store;
  @Autowired PayeeCache payees;
  @Autowired ChangeFeed feed;
  @Autowired JdbcClient jdbc;
  @Autowired PlatformTransactionManager transactions;

  @Test
  void aPayeeFoundIsHeldAndAnAddressMovedAwayIsNotPayableFromTheCommitOn() {
    await().atMost(NOTICE_WAIT_MAX).until(feed::live);
    TestUser payee = users.user().create();
    assertThat(identity.payableUser(payee.email())).get()
        .extracting(IdentityApi.Contact::userId).isEqualTo(payee.id());
    heldOnceItsOwnNoticesArrived("email:" + payee.email(), payee.email());

    String newAddress = "moved-" + payee.email();
    boolean changed = new TransactionTemplate(transactions).execute(s ->
        store.changeEmail(payee.id(), newAddress, Instant.now()));

    assertThat(changed).isTrue();
    assertThat(identity.payableUser(payee.email())).as("the old address").isEmpty();
    assertThat(identity.payableUser(newAddress)).get()
        .extracting(IdentityApi.Contact::userId).isEqualTo(payee.id());
  }

  @Test
  void aNumberRemovedIsNotPayableFromTheCommitOn() {
    await().atMost(NOTICE_WAIT_MAX).until(feed::live);
    TestUser payee = users.user().phone().create();
    assertThat(identity.payableUser(payee.phone())).get()
        .extracting(IdentityApi.Contact::userId).isEqualTo(payee.id());
    heldOnceItsOwnNoticesArrived("phone:" + payee.phone(), payee.phone());

    new TransactionTemplate(transactions).executeWithoutResult(s ->
        store.setPhone(payee.id(), null));

    assertThat(identity.payableUser(payee.phone())).isEmpty();
  }

  /** As another instance's change or an operator's SQL: the trigger's notice drops it. */
  @Test
  void aChangeByHandReachesTheCacheThroughTheTrigger() {
    await().atMost(NOTICE_WAIT_MAX).until(feed::live);
    TestUser payee = users.user().create();
    assertThat(identity.payableUser(payee.email())).isPresent();

    jdbc.sql("update identity.users set email = :e where id = :u")
        .param("e", "by-hand-" + payee.email()).param("u", payee.id()).update();

    await().atMost(NOTICE_WAIT_MAX).pollInterval(Duration.ofMillis(5))
        .until(() -> identity.payableUser(payee.email()).isEmpty());
  }

  /**
   * The fixture's own writes (verifying the address, confirming the number) notify after their
   * commit, and a notice that arrives after a look-up drops what it held: look up until it stays.
   */
  private void heldOnceItsOwnNoticesArrived(String key, String typed) {
    await().atMost(NOTICE_WAIT_MAX).pollInterval(Duration.ofMillis(5)).until(() -> {
      identity.payableUser(typed);
      return payees.get(key) != null;
    });
  }

  @Test
  void anAddressNobodyCanBePaidAtIsNotHeld() {
    await().atMost(NOTICE_WAIT_MAX).until(feed::live);
    String unknown = "nobody-" + System.nanoTime() + "@example.com";

    assertThat(identity.payableUser(unknown)).isEmpty();

    assertThat(payees.get("email:" + unknown)).isNull();
  }
}
