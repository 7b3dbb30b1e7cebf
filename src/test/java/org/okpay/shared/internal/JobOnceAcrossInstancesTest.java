package org.okpay.shared.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.zaxxer.hikari.HikariDataSource;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import javax.sql.DataSource;
import net.javacrumbs.shedlock.spring.annotation.SchedulerLock;
import org.junit.jupiter.api.Test;
import org.okpay.OkPayApplication;
import org.okpay.SeparateTestDatabase;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.type.filter.AnnotationTypeFilter;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Two application instances on one database: a scheduled job runs on one of them at a time. Both
 * instances schedule the same job every 20 ms; each run records its start and end (the work is
 * a 100 ms statement), and no two runs may overlap. Without the lock every run of one instance
 * would overlap a run of the other.
 */
class JobOnceAcrossInstancesTest {

  private static final int RUNS_MIN = 12;

  /** The job both instances schedule; only these two contexts have it. */
  @Configuration(proxyBeanMethods = false)
  static class OnceJobConfiguration {
    @Bean
    OnceJob onceJob(JdbcClient jdbc, @Value("${test.instance}") String instance) {
      return new OnceJob(jdbc, instance);
    }
  }

  static class OnceJob {
    private final JdbcClient jdbc;
    private final String instance;

    OnceJob(JdbcClient jdbc, String instance) {
      this.jdbc = jdbc;
      this.instance = instance;
    }

    @Scheduled(fixedDelay = 20)
    @SchedulerLock(name = "test.once-job", lockAtMostFor = "PT1M")
    public void run() {
      jdbc.sql("""
          with started as (select clock_timestamp() as at), work as (select pg_sleep(0.1))
          insert into test_job_runs (instance, started_at, ended_at)
          select :instance, started.at, clock_timestamp() from started, work""")
          .param("instance", instance).update();
    }
  }

  record Run(String instance, java.sql.Timestamp startedAt, java.sql.Timestamp endedAt) {
  }

  @Test
  void aLockedJobNeverRunsOnTwoInstancesAtOnce() {
    try (ConfigurableApplicationContext first = start("a", SeparateTestDatabase.url("twoinst"))) {
      String url = ((HikariDataSource) first.getBean(DataSource.class)).getJdbcUrl();
      JdbcClient jdbc = first.getBean(JdbcClient.class);
      jdbc.sql("""
          create table if not exists test_job_runs (instance text not null,
            started_at timestamptz not null, ended_at timestamptz not null)""").update();
      jdbc.sql("truncate test_job_runs").update();
      try (ConfigurableApplicationContext second = start("b", url)) {
        await().atMost(Duration.ofSeconds(60)).until(() -> jdbc.sql(
            "select count(*) from test_job_runs where instance = 'b'").query(Integer.class)
            .single() >= 3 && jdbc.sql("select count(*) from test_job_runs")
            .query(Integer.class).single() >= RUNS_MIN);
      }
      List<Run> runs = jdbc.sql(
          "select instance, started_at, ended_at from test_job_runs order by started_at")
          .query(Run.class).list();
      assertThat(runs.stream().map(Run::instance).distinct()).contains("a", "b");
      List<String> overlaps = new ArrayList<>();
      for (int i = 1; i < runs.size(); i++) {
        if (runs.get(i).startedAt().before(runs.get(i - 1).endedAt())) {
          overlaps.add(runs.get(i - 1) + " / " + runs.get(i));
        }
      }
      assertThat(overlaps).as("runs that overlapped").isEmpty();
    }
  }

  /**
   * Every job of the application runs once across instances: each {@code @Scheduled} method
   * carries {@code @SchedulerLock}, but for the ones that do per-instance work on purpose.
   */
  @Test
  void everyScheduledJobOfTheApplicationCarriesTheLock() throws Exception {
    Set<String> perInstance = Set.of(
        // Adds this instance's own counted rail calls to the shared table.
        "org.okpay.payments.internal.RailHealth.flush");
    ClassPathScanningCandidateComponentProvider scan =
        new ClassPathScanningCandidateComponentProvider(false);
    scan.addIncludeFilter(new AnnotationTypeFilter(Component.class));
    scan.addIncludeFilter(new AnnotationTypeFilter(Configuration.class));
    List<String> scheduled = new ArrayList<>();
    List<String> unlocked = new ArrayList<>();
    for (var candidate : scan.findCandidateComponents("org.okpay")) {
      Class<?> type = Class.forName(candidate.getBeanClassName());
      if (type.getName().contains("Test") || type.getEnclosingClass() != null) {
        continue;
      }
      for (Method method : type.getDeclaredMethods()) {
        if (!method.isAnnotationPresent(Scheduled.class)) {
          continue;
        }
        String name = type.getName() + "." + method.getName();
        scheduled.add(name);
        if (!method.isAnnotationPresent(SchedulerLock.class) && !perInstance.contains(name)) {
          unlocked.add(name);
        }
      }
    }
    assertThat(scheduled).as("the scan found the jobs").hasSizeGreaterThanOrEqualTo(8);
    assertThat(unlocked).as("scheduled jobs without @SchedulerLock").isEmpty();
  }

  private static ConfigurableApplicationContext start(String instance, String url) {
    return new SpringApplicationBuilder(OkPayApplication.class, OnceJobConfiguration.class)
        .run("--server.port=0", "--test.instance=" + instance, "--spring.datasource.url=" + url);
  }
}
