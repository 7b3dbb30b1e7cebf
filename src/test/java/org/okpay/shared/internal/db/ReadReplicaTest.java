package org.okpay.shared.internal.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.okpay.OkPayApplication;
import org.okpay.TestUsers;
import org.okpay.payments.MoneyFixture;
import org.okpay.shared.ReplicaRead;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The read replica against a real streaming replica of Debian's PostgreSQL: {@code
 * bench/replica.sh up} makes a primary (initdb) and a replica of it (pg_basebackup -R) under
 * target/, and the application runs on that primary with {@code okpay.db.replica.url} set. The
 * replica is paused ({@code pg_wal_replay_pause()}: real lag) and stopped ({@code pg_ctl stop -m
 * immediate}) under the running application.
 *
 * <p>Where a read was served is proved three ways: by data only one of the two servers has
 * (while replay is paused, a payment is on the primary only), by {@code pg_is_in_recovery()} as
 * seen through a {@link ReplicaRead} method, and by the {@code okpay.db.reads} counters.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ReadReplicaTest {

  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final Duration MAX_LAG = Duration.ofSeconds(15);

  private static Path dir;
  private static int primaryPort;
  private static int replicaPort;
  private static ConfigurableApplicationContext app;
  private static MoneyFixture money;
  private static TestUsers users;
  private static JsonMapper json;
  private static Probe probe;
  private static MeterRegistry meters;
  private static int port;
  private static final HttpClient http = HttpClient.newHttpClient();

  /** A read-only method, and a marked method that (wrongly) writes, as the application has. */
  static class Probe {
    private final JdbcClient jdbc;

    Probe(JdbcClient jdbc) {
      this.jdbc = jdbc;
    }

    @ReplicaRead
    public boolean servedByStandby() {
      return jdbc.sql("select pg_is_in_recovery()").query(Boolean.class).single();
    }

    @ReplicaRead
    public boolean wroteOnStandby(String note) {
      jdbc.sql("insert into replica_probe_writes (note) values (:note)").param("note", note)
          .update();
      return jdbc.sql("select pg_is_in_recovery()").query(Boolean.class).single();
    }
  }

  /** Lite configuration (not a component), so that no other test context scans it. */
  static class ProbeConfiguration {
    @Bean
    Probe replicaProbe(JdbcClient jdbc) {
      return new Probe(jdbc);
    }
  }

  @BeforeAll
  static void startPrimaryReplicaAndApplication() throws Exception {
    dir = Path.of("target", "replica-test-" + UUID.randomUUID().toString().substring(0, 8))
        .toAbsolutePath();
    primaryPort = freePort();
    replicaPort = freePort();
    script("up", dir.toString(), Integer.toString(primaryPort), Integer.toString(replicaPort));
    app = new SpringApplicationBuilder(OkPayApplication.class, ProbeConfiguration.class).run(
        "--server.port=0",
        "--spring.datasource.url=" + url(primaryPort),
        "--spring.datasource.username=postgres",
        "--spring.datasource.password=",
        "--okpay.db.replica.url=" + url(replicaPort),
        "--okpay.db.replica.username=postgres",
        "--okpay.db.replica.check-interval=100ms",
        "--okpay.db.replica.max-lag=" + MAX_LAG.toSeconds() + "s");
    port = Integer.parseInt(app.getEnvironment().getProperty("local.server.port"));
    json = app.getBean(JsonMapper.class);
    users = app.getBean(TestUsers.class);
    money = new MoneyFixture(port, json, users);
    probe = app.getBean(Probe.class);
    meters = app.getBean(MeterRegistry.class);
    app.getBean(JdbcClient.class).sql(
        "create table if not exists replica_probe_writes (note text not null)").update();
    awaitReplicaServes();
  }

  @AfterAll
  static void stopAll() throws Exception {
    try {
      if (app != null) {
        app.close();
      }
    } finally {
      if (dir != null) {
        script("down", dir.toString());
        try (Stream<Path> files = Files.walk(dir)) {
          files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
      }
    }
  }

  @Test
  @Order(1)
  void historyStatusPageAndReputationReadsGoToTheReplica() throws Exception {
    TestUsers.TestUser pat = users.user().currency("USD").funded(10_000).create();
    awaitReplicaCaughtUp();

    assertThat(probe.servedByStandby()).as("a @ReplicaRead method's connection").isTrue();
    assertThat(app.getBean(JdbcClient.class).sql("select pg_is_in_recovery()")
        .query(Boolean.class).single()).as("any other connection").isFalse();

    double before = reads("replica", "ok");
    JsonNode history = read(get(pat.token(), "/api/v1/me/transactions", null), 200);
    assertThat(history.get("transactions")).hasSize(1);
    assertThat(reads("replica", "ok")).as("history served by the replica").isEqualTo(before + 1);

    before = reads("replica", "ok");
    read(get(null, "/api/v1/status", null), 200);
    assertThat(reads("replica", "ok")).as("status served by the replica").isGreaterThan(before);

    before = reads("replica", "ok");
    read(get(pat.token(), "/api/v1/me/statements/" + java.time.YearMonth.now(), null), 200);
    assertThat(reads("replica", "ok")).as("statement served by the replica")
        .isGreaterThan(before);
  }

  @Test
  @Order(2)
  void aUsersOwnWritesAreReadFromThePrimaryWhileTheReplicaLags() throws Exception {
    TestUsers.TestUser payer = users.user().currency("USD").funded(10_000).create();
    TestUsers.TestUser payee = users.user().currency("USD").create();
    awaitReplicaCaughtUp();
    pauseReplay();
    try {
      HttpResponse<String> paid = money.send("POST", "/api/v1/me/transfers", Map.of(
          "recipientEmail", payee.email(), "amountMinor", 500, "currency", "USD"),
          payer.token(), UUID.randomUUID().toString());
      assertThat(paid.statusCode()).as(paid.body()).isEqualTo(201);
      String transfer = json.readTree(paid.body()).get("id").asString();
      String cookie = paid.headers().allValues("Set-Cookie").stream()
          .filter(c -> c.startsWith(ReadYourWritesFilter.COOKIE + "=")).findFirst().orElseThrow();

      // The payer's history has it at once: only the primary can (replay is paused).
      double ownWrite = reads("primary", "own_write");
      assertThat(ids(get(payer.token(), "/api/v1/me/transactions", null))).contains(transfer);
      assertThat(reads("primary", "own_write")).isEqualTo(ownWrite + 1);

      // The payee did not write: served by the lagging replica, which does not have it yet.
      double replica = reads("replica", "ok");
      assertThat(ids(get(payee.token(), "/api/v1/me/transactions", null)))
          .as("the replica's view").doesNotContain(transfer);
      assertThat(reads("replica", "ok")).isEqualTo(replica + 1);

      // The same request carrying the payer's cookie (as a browser would to another instance,
      // whose markers know nothing of this write) is read from the primary.
      String lsnCookie = cookie.substring(0, cookie.indexOf(';'));
      assertThat(ids(get(payee.token(), "/api/v1/me/transactions", lsnCookie)))
          .contains(transfer);
    } finally {
      resumeReplay();
    }
    // Replayed: the payee sees it, and the payer's reads go back to the replica.
    await().atMost(WAIT).pollInterval(Duration.ofMillis(100)).until(() ->
        ids(get(payee.token(), "/api/v1/me/transactions", null)).size() == 1);
    await().atMost(WAIT).pollInterval(Duration.ofMillis(100)).until(() -> {
      double replica = reads("replica", "ok");
      get(payer.token(), "/api/v1/me/transactions", null);
      return reads("replica", "ok") > replica;
    });
  }

  @Test
  @Order(3)
  void aReplicaFurtherBehindThanMaxLagServesNothing() throws Exception {
    TestUsers.TestUser payer = users.user().currency("USD").funded(10_000).create();
    TestUsers.TestUser payee = users.user().currency("USD").create();
    awaitReplicaCaughtUp();
    pauseReplay();
    try {
      HttpResponse<String> paid = money.send("POST", "/api/v1/me/transfers", Map.of(
          "recipientEmail", payee.email(), "amountMinor", 700, "currency", "USD"),
          payer.token(), UUID.randomUUID().toString());
      assertThat(paid.statusCode()).as(paid.body()).isEqualTo(201);
      String transfer = json.readTree(paid.body()).get("id").asString();
      await().atMost(MAX_LAG.plus(WAIT)).pollInterval(Duration.ofMillis(200))
          .until(() -> "lagging".equals(health().get("state").asString()));
      assertThat(health().get("reads").asString()).isEqualTo("primary");
      assertThat(meters.get("okpay.db.replica.usable").gauge().value()).isZero();
      assertThat(meters.get("okpay.db.replica.lag").timeGauge().value(TimeUnit.MILLISECONDS))
          .isGreaterThan(MAX_LAG.toMillis());

      double lagging = reads("primary", "lagging");
      assertThat(ids(get(payee.token(), "/api/v1/me/transactions", null)))
          .as("read from the primary").contains(transfer);
      assertThat(reads("primary", "lagging")).isEqualTo(lagging + 1);
      assertThat(probe.servedByStandby()).isFalse();
    } finally {
      resumeReplay();
    }
    awaitReplicaServes();
  }

  @Test
  @Order(4)
  void aReplicaThatIsDownCostsReadsNothingButThePrimary() throws Exception {
    TestUsers.TestUser pat = users.user().currency("USD").funded(10_000).create();
    TestUsers.TestUser sam = users.user().currency("USD").create();
    HttpResponse<String> paid = money.send("POST", "/api/v1/me/transfers", Map.of(
        "recipientEmail", sam.email(), "amountMinor", 300, "currency", "USD"),
        pat.token(), UUID.randomUUID().toString());
    assertThat(paid.statusCode()).as(paid.body()).isEqualTo(201);
    String transfer = json.readTree(paid.body()).get("id").asString();
    awaitReplicaCaughtUp();
    assertThat(probe.servedByStandby()).isTrue();

    script("stop-replica", dir.toString(), "immediate");
    try {
      // At once, before the monitor's next check: 200s with the right data, no 500.
      assertThat(ids(get(sam.token(), "/api/v1/me/transactions", null))).contains(transfer);
      read(get(null, "/api/v1/status", null), 200);
      JsonNode status = read(get(null, "/api/v1/status", null), 200);
      assertThat(status.toString()).doesNotContain("major_outage");
      read(get(null, "/status", null), 200);
      assertThat(probe.servedByStandby()).isFalse();
      await().atMost(WAIT).until(() -> "down".equals(health().get("state").asString()));
      assertThat(read(get(null, "/actuator/health", null), 200).get("status").asString())
          .as("a replica that is down does not take the instance down").isEqualTo("UP");
      double down = reads("primary", "down");
      assertThat(ids(get(sam.token(), "/api/v1/me/transactions", null))).contains(transfer);
      assertThat(reads("primary", "down")).isEqualTo(down + 1);
    } finally {
      script("start-replica", dir.toString());
    }
    awaitReplicaServes();
    assertThat(ids(get(sam.token(), "/api/v1/me/transactions", null))).contains(transfer);
  }

  @Test
  @Order(5)
  void writesNeverGoToTheReplica() throws Exception {
    awaitReplicaServes();
    String note = UUID.randomUUID().toString();
    assertThat(probe.wroteOnStandby(note)).as("ran again on the primary").isFalse();
    assertThat(reads("primary", "write_refused")).isEqualTo(1);
    JdbcClient primary = app.getBean(JdbcClient.class);
    assertThat(primary.sql("select count(*) from replica_probe_writes where note = :note")
        .param("note", note).query(Long.class).single()).isEqualTo(1);
    assertThat(primary.sql("select pg_is_in_recovery()").query(Boolean.class).single())
        .as("the application's own DataSource").isFalse();
    DataSource dataSource = app.getBean(DataSource.class);
    try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
         ResultSet rs = s.executeQuery("select current_setting('port')")) {
      rs.next();
      assertThat(rs.getInt(1)).as("flyway, writers and jobs use this one").isEqualTo(primaryPort);
    }
    // Every payment of this class succeeded, and no application read wrote on the replica.
    assertThat(reads("primary", "write_refused")).isEqualTo(1);
  }

  // --- helpers -------------------------------------------------------------------------------

  private static void awaitReplicaServes() {
    await().atMost(WAIT).pollInterval(Duration.ofMillis(100)).until(probe::servedByStandby);
  }

  /** Until the replica has replayed everything the primary had written when this was called. */
  private static void awaitReplicaCaughtUp() throws SQLException {
    long target = single(primaryPort, "select (pg_current_wal_lsn() - '0/0')::bigint");
    await().atMost(WAIT).pollInterval(Duration.ofMillis(50)).until(() ->
        single(replicaPort, "select (pg_last_wal_replay_lsn() - '0/0')::bigint") >= target);
    await().atMost(WAIT).pollInterval(Duration.ofMillis(50)).until(() ->
        app.getBean(ReplicaMonitor.class).state().replayLsn() >= target
            && app.getBean(ReplicaMonitor.class).state().usable());
  }

  private static void pauseReplay() throws SQLException {
    execute(replicaPort, "select pg_wal_replay_pause()");
    await().atMost(WAIT).pollInterval(Duration.ofMillis(50)).until(() -> "paused".equals(
        text(replicaPort, "select pg_get_wal_replay_pause_state()")));
  }

  private static void resumeReplay() throws SQLException {
    execute(replicaPort, "select pg_wal_replay_resume()");
  }

  private static double reads(String target, String reason) {
    Counter counter = meters.find("okpay.db.reads").tag("target", target).tag("reason", reason)
        .counter();
    return counter == null ? 0 : counter.count();
  }

  private static JsonNode health() throws Exception {
    return read(get(null, "/actuator/health", null), 200).get("components").get("replica")
        .get("details");
  }

  private static HttpResponse<String> get(String token, String path, String cookie)
      throws IOException, InterruptedException {
    HttpRequest.Builder request = HttpRequest.newBuilder(
        URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(30)).GET();
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    if (cookie != null) {
      request.header("Cookie", cookie);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** The body as JSON (null for a page), after checking the status. */
  private static JsonNode read(HttpResponse<String> response, int status) {
    assertThat(response.statusCode()).as(response.uri() + " " + response.body())
        .isEqualTo(status);
    String type = response.headers().firstValue("Content-Type").orElse("");
    return type.contains("json") ? json.readTree(response.body()) : null;
  }

  private static List<String> ids(HttpResponse<String> response) {
    JsonNode page = read(response, 200);
    return page.get("transactions").valueStream().map(t -> t.get("id").asString()).toList();
  }

  private static String url(int port) {
    return "jdbc:postgresql://127.0.0.1:" + port + "/postgres";
  }

  private static long single(int port, String sql) throws SQLException {
    try (Connection c = DriverManager.getConnection(url(port), "postgres", "");
         Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private static String text(int port, String sql) throws SQLException {
    try (Connection c = DriverManager.getConnection(url(port), "postgres", "");
         Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getString(1);
    }
  }

  private static void execute(int port, String sql) throws SQLException {
    try (Connection c = DriverManager.getConnection(url(port), "postgres", "");
         Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  /** bench/replica.sh, from the project folder; its output goes to target/ for a failure. */
  private static void script(String... args) throws IOException, InterruptedException {
    List<String> command = new java.util.ArrayList<>(List.of("bench/replica.sh"));
    command.addAll(List.of(args));
    Path log = Path.of("target", "replica-test-script.log").toAbsolutePath();
    Process process = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
    if (!process.waitFor(180, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new IllegalStateException("bench/replica.sh " + args[0] + " took over 180 s");
    }
    assertThat(process.exitValue()).as("bench/replica.sh " + String.join(" ", args)
        + ", see " + log + ":\n" + Files.readString(log)).isZero();
  }
}
