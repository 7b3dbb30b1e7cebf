package org.okpay.status.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.zaxxer.hikari.HikariDataSource;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.okpay.OkPayApplication;
import org.okpay.SeparateTestDatabase;
import org.okpay.shared.ChangeFeed;
import org.okpay.status.StatusApi;
import org.okpay.status.StatusComponent;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Two instances on one database, each holding the maintenance windows in memory. The windows
 * are held for an hour without a notice here, so only the change notice can make the second
 * instance see what the first scheduled: it must, within a few seconds (milliseconds when the
 * machine is quiet). A window deleted by hand stops refusing at once, and after the feed's
 * connection is killed the notices work again once it is back.
 */
class MaintenanceAcrossInstancesTest {

  private static final Duration NOTICE_WAIT_MAX = Duration.ofSeconds(10);

  @Test
  void aWindowScheduledOnOneInstanceGatesTheOtherWithoutWaitingForItsCacheToAge() {
    try (ConfigurableApplicationContext a = start(SeparateTestDatabase.url("maintcache"))) {
      String url = ((HikariDataSource) a.getBean(DataSource.class)).getJdbcUrl();
      JdbcClient jdbc = a.getBean(JdbcClient.class);
      jdbc.sql("delete from status.maintenance_windows").update();
      try (ConfigurableApplicationContext b = start(url)) {
        StatusApi statusA = a.getBean(StatusApi.class);
        StatusApi statusB = b.getBean(StatusApi.class);
        awaitLive(a);
        awaitLive(b);
        // b loads and holds "no window" for an hour unless told otherwise.
        assertThat(statusB.maintenanceNow(StatusComponent.P2P_PAYMENTS)).isEmpty();
        Instant now = a.getBean(Clock.class).instant();

        StatusApi.Maintenance window = statusA.scheduleMaintenance("Database upgrade",
            Set.of(StatusComponent.P2P_PAYMENTS), now.minusSeconds(60), now.plusSeconds(3600));

        assertThat(statusA.maintenanceNow(StatusComponent.P2P_PAYMENTS))
            .as("the instance that scheduled it gates at once").isPresent();
        long started = System.nanoTime();
        await().atMost(NOTICE_WAIT_MAX).pollInterval(Duration.ofMillis(5))
            .until(() -> statusB.maintenanceNow(StatusComponent.P2P_PAYMENTS).isPresent());
        System.out.printf("maintenance notice reached the other instance in %.1f ms%n",
            (System.nanoTime() - started) / 1e6);
        assertThat(statusB.maintenanceNow(StatusComponent.API)).as("another component").isEmpty();

        jdbc.sql("delete from status.maintenance_windows where id = :id")
            .param("id", window.id()).update();
        assertThat(statusB.maintenanceNow(StatusComponent.P2P_PAYMENTS))
            .as("a refusal is confirmed by the database").isEmpty();

        // The feed's connection dies: b reads the database until it is back, then is told again.
        jdbc.sql("""
            select pg_terminate_backend(pid) from pg_stat_activity
             where application_name = 'okpay change feed' and datname = current_database()
            """).query(Boolean.class).list();
        awaitLive(b);
        assertThat(statusB.maintenanceNow(StatusComponent.API)).isEmpty();
        statusA.scheduleMaintenance("API upgrade", Set.of(StatusComponent.API),
            now.minusSeconds(60), now.plusSeconds(3600));
        await().atMost(NOTICE_WAIT_MAX).pollInterval(Duration.ofMillis(5))
            .until(() -> statusB.maintenanceNow(StatusComponent.API).isPresent());
      } finally {
        jdbc.sql("delete from status.maintenance_windows").update();
      }
    }
  }

  private static void awaitLive(ConfigurableApplicationContext context) {
    ChangeFeed feed = context.getBean(ChangeFeed.class);
    await().atMost(NOTICE_WAIT_MAX).until(feed::live);
  }

  private static ConfigurableApplicationContext start(String url) {
    return new SpringApplicationBuilder(OkPayApplication.class)
        .run("--server.port=0", "--spring.datasource.url=" + url,
            "--okpay.status.maintenance-fresh-max=1h");
  }
}
