package org.okpay.identity.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.okpay.identity.internal.SessionCacheHttp.me;
import static org.okpay.identity.internal.SessionCacheHttp.send;

import com.zaxxer.hikari.HikariDataSource;
import java.time.Duration;
import java.util.concurrent.Callable;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.okpay.OkPayApplication;
import org.okpay.SeparateTestDatabase;
import org.okpay.TestUsers;
import org.okpay.TestUsers.TestUser;
import org.okpay.identity.IdentityApi;
import org.okpay.identity.IdentityApi.SessionKind;
import org.okpay.shared.ChangeFeed;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Two instances on one database, each holding signed-in users in memory for an hour without a
 * notice, so only the change notice can make the second instance refuse what the first ended:
 * sign-out, revocation, a password change, a secured (frozen) account, a change by hand. The
 * first instance refuses on its very next request. While the second's feed is stuck, its
 * entries keep serving (the database is not read), which is what the freshness limit bounds.
 */
class SessionCacheAcrossInstancesTest {

  private static final Duration NOTICE_WAIT_MAX = Duration.ofSeconds(10);

  @Test
  void aSessionEndedOnOneInstanceIsRefusedByTheOtherOnceTheNoticeArrives() throws Exception {
    try (ConfigurableApplicationContext a = start(SeparateTestDatabase.url("sessioncache"))) {
      String url = ((HikariDataSource) a.getBean(DataSource.class)).getJdbcUrl();
      try (ConfigurableApplicationContext b = start(url)) {
        awaitLive(a);
        awaitLive(b);
        int portA = port(a);
        int portB = port(b);
        TestUsers users = a.getBean(TestUsers.class);
        IdentityApi identity = a.getBean(IdentityApi.class);
        TestUser alice = users.user().create();
        TestUser bob = users.user().create();
        String aliceSecond = signInAgain(identity, alice);
        for (int port : new int[] {portA, portB}) {
          assertThat(me(port, alice.token()).userId()).isEqualTo(alice.id());
          assertThat(me(port, aliceSecond).userId()).isEqualTo(alice.id());
          assertThat(me(port, bob.token()).userId()).isEqualTo(bob.id());
        }

        // Signed out on a.
        assertThat(send(portA, "DELETE", "/api/v1/auth/tokens/current", aliceSecond, null))
            .isEqualTo(204);
        assertThat(me(portA, aliceSecond).status()).as("a, at once").isEqualTo(401);
        awaitRefused(portB, aliceSecond, "signed out");
        assertThat(me(portB, alice.token()).userId()).isEqualTo(alice.id());
        assertThat(me(portB, bob.token()).userId()).isEqualTo(bob.id());

        // A password change on a ends alice's other sessions.
        String aliceThird = signInAgain(identity, alice);
        assertThat(me(portB, aliceThird).userId()).isEqualTo(alice.id());
        assertThat(send(portA, "POST", "/api/v1/me/password", alice.token(),
            "{\"currentPassword\":\"" + alice.password()
                + "\",\"newPassword\":\"Quartz-Lantern-Meadow-5821\"}")).isEqualTo(204);
        assertThat(me(portA, aliceThird).status()).as("a, at once").isEqualTo(401);
        awaitRefused(portB, aliceThird, "password changed");
        assertThat(me(portB, alice.token()).userId()).isEqualTo(alice.id());

        // Support secures bob's account on a: frozen, every session ended.
        assertThat(identity.secureAccount(bob.id())).isTrue();
        assertThat(me(portA, bob.token()).status()).as("a, at once").isEqualTo(401);
        awaitRefused(portB, bob.token(), "frozen");

        // A revocation by hand (no application code) reaches both through the trigger.
        JdbcClient jdbc = a.getBean(JdbcClient.class);
        jdbc.sql("update identity.sessions set revoked_at = now() where user_id = :u")
            .param("u", alice.id()).update();
        awaitRefused(portA, alice.token(), "revoked by hand");
        awaitRefused(portB, alice.token(), "revoked by hand");

        stuckFeedKeepsServing(b, jdbc, users.user().create());
      }
    }
  }

  /**
   * With b's feed held inside a listener (live, but deaf), a session revoked by hand is still
   * served by b from memory: proof that b reads neither the session nor the user per request,
   * and why {@code okpay.identity.session-fresh-max} stays short (SessionCacheTest).
   */
  private static void stuckFeedKeepsServing(ConfigurableApplicationContext b, JdbcClient jdbc,
      TestUser carol) {
    try (var stuck = new SessionCacheHttp.StuckFeed(b.getBean(ChangeFeed.class), jdbc,
        NOTICE_WAIT_MAX)) {
      // Held after the feed reconnected (a reconnect drops everything).
      assertThat(me(port(b), carol.token()).userId()).isEqualTo(carol.id());
      jdbc.sql("update identity.sessions set revoked_at = now() where user_id = :u")
          .param("u", carol.id()).update();
      assertThat(me(port(b), carol.token()).userId()).as("served from memory")
          .isEqualTo(carol.id());
    }
    awaitRefused(port(b), carol.token(), "once the held notice is let through");
  }

  private static void awaitRefused(int port, String token, String why) {
    long started = System.nanoTime();
    Callable<Boolean> refused = () -> me(port, token).status() == 401;
    await(why).atMost(NOTICE_WAIT_MAX).pollInterval(Duration.ofMillis(5)).until(refused);
    System.out.printf("session notice (%s) reached the other instance in %.1f ms%n", why,
        (System.nanoTime() - started) / 1e6);
  }

  private static String signInAgain(IdentityApi identity, TestUser user) {
    return identity.signIn(user.email(), user.password(), SessionKind.API, "127.0.0.1",
        "okpay-tests").token();
  }

  private static int port(ConfigurableApplicationContext context) {
    return context.getEnvironment().getRequiredProperty("local.server.port", Integer.class);
  }

  private static void awaitLive(ConfigurableApplicationContext context) {
    ChangeFeed feed = context.getBean(ChangeFeed.class);
    await().atMost(NOTICE_WAIT_MAX).until(feed::live);
  }

  private static ConfigurableApplicationContext start(String url) {
    return new SpringApplicationBuilder(OkPayApplication.class)
        .run("--server.port=0", "--spring.datasource.url=" + url,
            "--okpay.identity.session-fresh-max=1h");
  }
}
