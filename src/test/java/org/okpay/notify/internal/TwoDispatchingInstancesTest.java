package org.okpay.notify.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.zaxxer.hikari.HikariDataSource;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.Locale;
import java.util.stream.IntStream;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.okpay.OkPayApplication;
import org.okpay.SeparateTestDatabase;
import org.okpay.notify.NotifyApi;
import org.okpay.notify.NotifyFixture;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Two application instances on one database deliver one outbox in batches at the same time
 * (mailbox mode, small batches so that many rounds of both interleave): every in-app
 * notification left in the outbox and every mailbox e-mail is written exactly once, every row on its first attempt,
 * and the two instances' delivered counts add up to the rows, so no row was delivered twice.
 */
class TwoDispatchingInstancesTest {

  private static final int IN_APP = 300;
  private static final int EMAILS = 150;
  private static final Duration ALL_DELIVERED_WAIT = Duration.ofSeconds(90);

  @Test
  void twoInstancesDeliverEveryNotificationAndMailboxEmailExactlyOnce() {
    try (ConfigurableApplicationContext a = start(SeparateTestDatabase.url("twonotify"))) {
      String url = ((HikariDataSource) a.getBean(DataSource.class)).getJdbcUrl();
      JdbcClient jdbc = a.getBean(JdbcClient.class);
      try (ConfigurableApplicationContext b = start(url)) {
        OutboxDispatcher first = a.getBean(OutboxDispatcher.class);
        OutboxDispatcher second = b.getBean(OutboxDispatcher.class);
        // Both stopped while the rows are written, so that both start on a full outbox.
        first.stop();
        second.stop();
        double firstBefore = delivered(a);
        double secondBefore = delivered(b);
        String user = NotifyFixture.uniqueUser("two-instances");
        String to = NotifyFixture.uniqueAddress("two-instances");
        NotifyApi notify = a.getBean(NotifyApi.class);
        a.getBean(TransactionTemplate.class).executeWithoutResult(status -> {
          // In-app notices are written straight into notify.notifications now; the dispatchers
          // still deliver in-app rows left in the outbox (from before, or from an instance not
          // yet upgraded), written here as those were.
          jdbc.sql("""
              insert into notify.outbox
                (channel, recipient, locale, template, variables, link, request_hash)
              select 'in_app', :user, 'en', 'password-changed',
                     '{"time": {"instant": "2026-11-25T10:00:00Z"}}', '/account/security',
                     sha256(convert_to(:user || g, 'UTF8'))
                from generate_series(1, :n) g
              """).param("user", user).param("n", IN_APP).update();
          IntStream.range(0, EMAILS).forEach(i -> notify.email(NotifyFixture.passwordReset(to,
              i % 2 == 0 ? Locale.ENGLISH : Locale.SIMPLIFIED_CHINESE, NotifyFixture.resetLink(),
              null)));
        });
        first.start();
        second.start();

        await().atMost(ALL_DELIVERED_WAIT).until(() -> jdbc.sql("""
            select count(*) from notify.outbox
             where (recipient = :user or recipient = :to) and status = 'pending'
            """).param("user", user).param("to", to).query(Integer.class).single() == 0);

        assertThat(jdbc.sql("""
            select count(*) from notify.outbox
             where (recipient = :user or recipient = :to) and status = 'sent' and attempts = 1
            """).param("user", user).param("to", to).query(Integer.class).single())
            .isEqualTo(IN_APP + EMAILS);
        assertThat(jdbc.sql("""
            select count(*), count(distinct n.outbox_id) from notify.notifications n
              join notify.outbox o on o.id = n.outbox_id
             where n.user_id = :user and o.recipient = :user
            """).param("user", user).query((rs, n) -> new int[] {rs.getInt(1), rs.getInt(2)})
            .single()).containsExactly(IN_APP, IN_APP);
        assertThat(jdbc.sql("""
            select count(*), count(distinct m.outbox_id) from notify.mailbox m
              join notify.outbox o on o.id = m.outbox_id
             where m.to_address = :to and o.recipient = :to
            """).param("to", to).query((rs, n) -> new int[] {rs.getInt(1), rs.getInt(2)})
            .single()).containsExactly(EMAILS, EMAILS);
        double byFirst = delivered(a) - firstBefore;
        double bySecond = delivered(b) - secondBefore;
        assertThat(byFirst).as("delivered by the first instance").isPositive();
        assertThat(bySecond).as("delivered by the second instance").isPositive();
        assertThat(byFirst + bySecond).isEqualTo(IN_APP + EMAILS);
      }
    }
  }

  private static double delivered(ConfigurableApplicationContext context) {
    return context.getBean(MeterRegistry.class).get("okpay.notify.delivered").counter().count();
  }

  private static ConfigurableApplicationContext start(String url) {
    return new SpringApplicationBuilder(OkPayApplication.class).run("--server.port=0",
        "--spring.datasource.url=" + url,
        "--okpay.notify.batch-max=7",
        "--okpay.notify.poll-interval=50ms",
        "--okpay.notify.mailbox-keep=10000");
  }
}
