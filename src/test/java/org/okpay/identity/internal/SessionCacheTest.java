package org.okpay.identity.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.okpay.identity.internal.SessionCacheHttp.me;
import static org.okpay.identity.internal.SessionCacheHttp.send;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.okpay.OkPayTest;
import org.okpay.TestUsers;
import org.okpay.TestUsers.TestUser;
import org.okpay.identity.IdentityApi;
import org.okpay.identity.IdentityApi.SessionKind;
import org.okpay.shared.ChangeFeed;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The session cache on one instance: every change that ends a session or alters its user is
 * seen by this instance's next request at once (its own changes are dropped after commit, not
 * when the notice comes back), one user's entry never answers another's token, and an entry is
 * not trusted past the freshness limit when the change feed is stuck without knowing it.
 */
@OkPayTest
class SessionCacheTest {

  private static final Duration NOTICE_WAIT_MAX = Duration.ofSeconds(10);

  @LocalServerPort int port;
  @Autowired TestUsers users;
  @Autowired IdentityApi identity;
  @Autowired JdbcClient jdbc;
  @Autowired ChangeFeed feed;
  @Value("${okpay.identity.session-fresh-max:" + SessionCache.FRESH_MAX_DEFAULT + "}")
  Duration freshMax;

  /** Another API token of the same user. */
  private String signInAgain(TestUser user) {
    return identity.signIn(user.email(), user.password(), SessionKind.API, "127.0.0.1",
        "okpay-tests").token();
  }

  @Test
  void signingOutOrRevokingEndsTheTokenOnTheNextRequest() {
    TestUser user = users.user().create();
    String second = signInAgain(user);
    String third = signInAgain(user);
    assertThat(me(port, user.token()).status()).isEqualTo(200);
    assertThat(me(port, second).status()).isEqualTo(200);
    assertThat(me(port, third).status()).isEqualTo(200);

    assertThat(send(port, "DELETE", "/api/v1/auth/tokens/current", second, null)).isEqualTo(204);
    assertThat(me(port, second).status()).as("signed out").isEqualTo(401);
    assertThat(me(port, user.token()).status()).isEqualTo(200);

    assertThat(send(port, "POST", "/api/v1/me/sessions/revoke-others", user.token(), null))
        .isEqualTo(200);
    assertThat(me(port, third).status()).as("revoked from another session").isEqualTo(401);
    assertThat(me(port, user.token()).status()).as("the session that revoked").isEqualTo(200);
  }

  @Test
  void aPasswordChangeEndsTheOtherSessionsAndSecuringTheAccountEndsAll() {
    TestUser user = users.user().create();
    String other = signInAgain(user);
    assertThat(me(port, other).status()).isEqualTo(200);

    assertThat(send(port, "POST", "/api/v1/me/password", user.token(),
        "{\"currentPassword\":\"" + user.password()
            + "\",\"newPassword\":\"Quartz-Lantern-Meadow-5821\"}"))
        .isEqualTo(204);
    assertThat(me(port, other).status()).as("after the password change").isEqualTo(401);
    assertThat(me(port, user.token()).status()).as("the session that changed it").isEqualTo(200);

    // Support secures the account of a disputed payment: frozen, every session ended.
    assertThat(identity.secureAccount(user.id())).isTrue();
    assertThat(me(port, user.token()).status()).as("frozen and signed out").isEqualTo(401);
  }

  @Test
  void aChangedTimeZoneIsServedOnTheNextRequest() {
    TestUser user = users.user().create();
    assertThat(me(port, user.token()).timeZone()).isNotEqualTo("Pacific/Auckland");

    assertThat(send(port, "PATCH", "/api/v1/me", user.token(),
        "{\"timeZone\":\"Pacific/Auckland\"}")).isEqualTo(200);

    assertThat(me(port, user.token()).timeZone()).isEqualTo("Pacific/Auckland");
  }

  @Test
  void aChangeByHandReachesTheCacheThroughTheTrigger() {
    TestUser user = users.user().create();
    assertThat(me(port, user.token()).status()).isEqualTo(200);

    jdbc.sql("update identity.sessions set revoked_at = now() where user_id = :u")
        .param("u", user.id()).update();

    await().atMost(NOTICE_WAIT_MAX).pollInterval(Duration.ofMillis(5))
        .until(() -> me(port, user.token()).status() == 401);
  }

  @Test
  void oneUsersEntryNeverAnswersAnotherUsersToken() throws Exception {
    List<TestUser> signedIn = List.of(users.user().create(), users.user().create(),
        users.user().create(), users.user().create());
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<Boolean>> answers = new ArrayList<>();
      for (int i = 0; i < 200; i++) {
        TestUser user = signedIn.get(i % signedIn.size());
        answers.add(pool.submit(() -> user.id().equals(me(port, user.token()).userId())));
      }
      for (Future<Boolean> answer : answers) {
        assertThat(answer.get(30, TimeUnit.SECONDS)).isTrue();
      }
    } finally {
      pool.shutdownNow();
    }
    // Revoking one user's session leaves the others' entries serving.
    identity.signOut(signedIn.get(0).current());
    assertThat(me(port, signedIn.get(0).token()).status()).isEqualTo(401);
    for (TestUser other : signedIn.subList(1, signedIn.size())) {
      assertThat(me(port, other.token()).userId()).isEqualTo(other.id());
    }
  }

  /**
   * The feed's thread is held inside a listener, so notices stop arriving while the feed still
   * says it is live (a connection that died unnoticed looks the same): an entry must stop being
   * trusted within the freshness limit.
   */
  @Test
  void aStuckFeedIsOutlivedByTheFreshnessLimit() {
    TestUser user = users.user().create();
    try (var stuck = new SessionCacheHttp.StuckFeed(feed, jdbc, NOTICE_WAIT_MAX)) {
      assertThat(me(port, user.token()).status()).isEqualTo(200);

      jdbc.sql("update identity.sessions set revoked_at = now() where user_id = :u")
          .param("u", user.id()).update();

      long started = System.nanoTime();
      await().atMost(freshMax.plus(NOTICE_WAIT_MAX)).pollInterval(Duration.ofMillis(20))
          .until(() -> me(port, user.token()).status() == 401);
      System.out.printf("a stuck feed: the revoked token was refused after %.0f ms (limit %s)%n",
          (System.nanoTime() - started) / 1e6, freshMax);
      assertThat(feed.live()).as("the feed never knew it was stuck").isTrue();
    }
  }
}
