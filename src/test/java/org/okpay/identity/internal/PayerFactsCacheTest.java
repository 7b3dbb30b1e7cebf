package org.okpay.identity.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.okpay.OkPayTest;
import org.okpay.TestUsers;
import org.okpay.TestUsers.TestUser;
import org.okpay.identity.CurrentUser;
import org.okpay.identity.IdentityApi;
import org.okpay.shared.ChangeFeed;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The payer's facts a payment's guards ask are held per session, and never outlive a change of
 * them: a freeze and two-factor switched on are seen by the very next payment on this instance
 * from the commit on; a change by hand (or by another instance) once the trigger's notice
 * arrives; facts a later sign-in could change are not held.
 */
@OkPayTest
class PayerFactsCacheTest {

  private static final Duration NOTICE_WAIT_MAX = Duration.ofSeconds(10);
  private static final Duration WINDOW = Duration.ofDays(7);

  @Autowired TestUsers users;
  @Autowired IdentityApi identity;
  @Autowired UserStore userStore;
  @Autowired TwoFactorStore twoFactorStore;
  @Autowired PayerFactsCache held;
  @Autowired ChangeFeed feed;
  @Autowired JdbcClient jdbc;
  @Autowired PlatformTransactionManager transactions;

  @Test
  void aFreezeIsSeenFromTheCommitOn() {
    await().atMost(NOTICE_WAIT_MAX).until(feed::live);
    CurrentUser payer = users.user().create().current();
    assertThat(heldOnceItsOwnNoticesArrived(payer).frozen()).isFalse();

    boolean frozen = new TransactionTemplate(transactions).execute(s ->
        userStore.freeze(payer.userId(), Instant.now()));

    assertThat(frozen).isTrue();
    assertThat(identity.payerFacts(payer, WINDOW).frozen()).isTrue();
  }

  @Test
  void twoFactorSwitchedOnIsSeenFromTheCommitOn() {
    await().atMost(NOTICE_WAIT_MAX).until(feed::live);
    CurrentUser payer = users.user().create().current();
    assertThat(heldOnceItsOwnNoticesArrived(payer).secondFactorEnabled()).isFalse();

    new TransactionTemplate(transactions).executeWithoutResult(s -> {
      twoFactorStore.startPending(payer.userId(), new byte[32], Instant.now());
      twoFactorStore.enable(payer.userId(), 1, Instant.now());
    });

    assertThat(identity.payerFacts(payer, WINDOW).secondFactorEnabled()).isTrue();
  }

  /** As another instance's change or an operator's SQL: V55's trigger's notice drops it. */
  @Test
  void twoFactorSwitchedOffByHandReachesTheCacheThroughTheTrigger() {
    await().atMost(NOTICE_WAIT_MAX).until(feed::live);
    TestUser made = users.user().twoFactor().create();
    CurrentUser payer = made.current();
    assertThat(heldOnceItsOwnNoticesArrived(payer).secondFactorEnabled()).isTrue();

    jdbc.sql("delete from identity.two_factor where user_id = :u").param("u", payer.userId())
        .update();

    await().atMost(NOTICE_WAIT_MAX).pollInterval(Duration.ofMillis(5))
        .until(() -> !identity.payerFacts(payer, WINDOW).secondFactorEnabled());
  }

  @Test
  void factsALaterSignInCouldChangeAreNotHeld() {
    await().atMost(NOTICE_WAIT_MAX).until(feed::live);
    UUID user = UUID.randomUUID();
    UUID session = UUID.randomUUID();
    var unseenDevice = new LoginHistoryStore.PayerRead(false, false, null, false);

    held.keep(user, session, unseenDevice, held.generation());

    assertThat(held.get(user, session)).isNull();
  }

  /**
   * The fixture's own writes notify after their commit, and a notice that arrives after a read
   * drops what it held: read until it stays.
   */
  private IdentityApi.PayerFacts heldOnceItsOwnNoticesArrived(CurrentUser payer) {
    await().atMost(NOTICE_WAIT_MAX).pollInterval(Duration.ofMillis(5)).until(() -> {
      identity.payerFacts(payer, WINDOW);
      return held.get(payer.userId(), payer.sessionId()) != null;
    });
    return identity.payerFacts(payer, WINDOW);
  }
}
