package org.okpay.shared;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.okpay.SeparateTestDatabase;
import org.okpay.ledger.LedgerApi;
import org.okpay.notify.DevMailbox;
import org.okpay.payments.MoneyFixture;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.json.JsonMapper;

/**
 * The {@code pgbouncer} profile: the whole application through a real PgBouncer (Debian's) in
 * transaction mode with 4 server connections for a pool of 20, migrations straight to
 * PostgreSQL. Concurrent payments succeed, balances are exact, the ledger's invariants hold,
 * and PostgreSQL never sees more than PgBouncer's connections from the application.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("pgbouncer")
class PgBouncerProfileTest {

  private static final Pattern URL =
      Pattern.compile("jdbc:postgresql://([^:/]+)(?::(\\d+))?/([^?]+)(\\?.*)?");
  private static final int SERVER_CONNECTIONS = 4;

  private static EmbeddedPostgres ownPostgres;
  private static Process bouncer;
  private static String directUrl;
  private static String database;

  @DynamicPropertySource
  static void throughPgBouncer(DynamicPropertyRegistry registry) throws Exception {
    String url = SeparateTestDatabase.url("bouncer");
    String host = "127.0.0.1";
    int port;
    if (url.isBlank()) {
      ownPostgres = EmbeddedPostgres.builder().start();
      port = ownPostgres.getPort();
      database = "postgres";
      url = "jdbc:postgresql://127.0.0.1:" + port + "/postgres";
    } else {
      Matcher m = URL.matcher(url);
      assertThat(m.matches()).as(url).isTrue();
      host = m.group(1);
      port = m.group(2) == null ? 5432 : Integer.parseInt(m.group(2));
      database = m.group(3);
    }
    directUrl = url;
    int bouncerPort = freePort();
    bouncer = startBouncer(host, port, database, bouncerPort);
    registry.add("spring.datasource.url",
        () -> "jdbc:postgresql://127.0.0.1:" + bouncerPort + "/okpay");
    registry.add("spring.datasource.username", () -> "postgres");
    registry.add("OKPAY_DB_DIRECT_URL", () -> directUrl);
    registry.add("OKPAY_DB_USER", () -> "postgres");
  }

  @AfterAll
  static void stop() {
    // The cached context outlives this class; PgBouncer and the database go with the JVM.
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      bouncer.destroy();
      if (ownPostgres != null) {
        try {
          ownPostgres.close();
        } catch (IOException e) {
          // Temporary folder; the JVM is going away.
        }
      }
    }));
  }

  @LocalServerPort int port;
  @Autowired JsonMapper json;
  @Autowired DevMailbox mailbox;
  @Autowired LedgerApi ledger;

  @Test
  void paymentsWorkThroughTransactionPooling() throws Exception {
    MoneyFixture money = new MoneyFixture(port, json, mailbox);
    MoneyFixture.User alice = money.user("USD");
    MoneyFixture.User bob = money.user("USD");
    money.fund(alice, 10_000, "USD");
    int sends = 40;
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<Integer>> answers = new ArrayList<>();
      for (int i = 0; i < sends; i++) {
        answers.add(pool.submit(() -> money.send("POST", "/api/v1/me/transfers",
            Map.of("recipientEmail", bob.email(), "amountMinor", 100, "currency", "USD"),
            alice.token(), UUID.randomUUID().toString()).statusCode()));
      }
      for (Future<Integer> answer : answers) {
        assertThat(answer.get()).isEqualTo(201);
      }
    } finally {
      pool.shutdown();
    }
    await().atMost(Duration.ofSeconds(30))
        .until(() -> money.balance(bob, "USD") == sends * 100L);
    assertThat(money.balance(alice, "USD")).isEqualTo(10_000 - sends * 100L);
    assertThat(ledger.checkInvariants().holds()).isTrue();

    JdbcClient direct = JdbcClient.create(new org.springframework.jdbc.datasource
        .DriverManagerDataSource(directUrl, "postgres", ""));
    int fromBouncer = direct.sql("""
        select count(*) from pg_stat_activity
         where datname = :db and backend_type = 'client backend' and pid <> pg_backend_pid()
           and application_name <> 'okpay change feed'""")
        .param("db", database).query(Integer.class).single();
    // The change feed's one listening connection goes straight to PostgreSQL on purpose
    // (through the direct URL, as the migrations do): LISTEN needs a session of its own.
    assertThat(fromBouncer).as("server connections PostgreSQL sees from the application")
        .isBetween(1, SERVER_CONNECTIONS);
  }

  private static Process startBouncer(String host, int port, String db, int listenPort)
      throws IOException {
    Path dir = Files.createTempDirectory("okpay-pgbouncer",
        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
    Files.writeString(dir.resolve("users.txt"), "\"postgres\" \"\"\n");
    Files.writeString(dir.resolve("pgbouncer.ini"), """
        [databases]
        okpay = host=%s port=%d dbname=%s user=postgres

        [pgbouncer]
        listen_addr = 127.0.0.1
        listen_port = %d
        unix_socket_dir =
        auth_type = trust
        auth_file = %s
        pool_mode = transaction
        default_pool_size = %d
        max_client_conn = 200
        ignore_startup_parameters = extra_float_digits
        logfile = %s
        """.formatted(host, port, db, listenPort, dir.resolve("users.txt"), SERVER_CONNECTIONS,
        dir.resolve("pgbouncer.log")));
    List<String> command = new ArrayList<>(List.of(pgbouncerBinary()));
    if ("root".equals(System.getProperty("user.name"))) {
      command.addAll(List.of("-u", "nobody")); // PgBouncer refuses to run as root
      Files.writeString(dir.resolve("pgbouncer.log"), "");
      Files.setPosixFilePermissions(dir.resolve("pgbouncer.log"),
          PosixFilePermissions.fromString("rw-rw-rw-"));
    }
    command.add(dir.resolve("pgbouncer.ini").toString());
    Process process = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(dir.resolve("stdout.txt").toFile()).start();
    await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50))
        .until(() -> accepts(listenPort) || !process.isAlive());
    assertThat(process.isAlive()).as("pgbouncer started: " + dir).isTrue();
    return process;
  }

  /** Debian puts it in /usr/sbin, which an ordinary user's PATH may lack. */
  private static String pgbouncerBinary() {
    return Files.isExecutable(Path.of("/usr/sbin/pgbouncer")) ? "/usr/sbin/pgbouncer" : "pgbouncer";
  }

  private static boolean accepts(int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
