package org.okpay.shared.internal.db;

import static org.assertj.core.api.Assertions.assertThat;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Run mode keeps the embedded database durable: zonky starts PostgreSQL with {@code -F} (fsync
 * off) and {@code synchronous_commit=off}, and OKPay's settings must win over both.
 *
 * <p>PostgreSQL refuses to run as root. As an ordinary user (the CI) the real embedded database
 * starts with run-mode properties in a temporary folder. As root (a developer's machine that tests
 * against the local server) the same command line zonky builds, {@code -F} followed by OKPay's
 * {@code -c} settings, starts the local PostgreSQL installation's server as the postgres user:
 * either way a real server answers {@code SHOW fsync}.
 */
class EmbeddedDatabaseDurabilityTest {

  private static final List<String> DURABILITY = List.of(
      "fsync", "full_page_writes", "synchronous_commit");
  private static final long PROCESS_WAIT_SECONDS = 60;

  @TempDir Path dir;

  @Test
  void runModeSettingsTurnDurabilityOnAndTestSettingsOff() {
    var durable = EmbeddedDatabaseConfiguration.serverSettings(true);
    var fast = EmbeddedDatabaseConfiguration.serverSettings(false);
    for (String name : DURABILITY) {
      assertThat(durable).containsEntry(name, "on");
      assertThat(fast).containsEntry(name, "off");
    }
    assertThat(new EmbeddedDatabaseProperties("data/postgres", 0, 20, true, java.time.Duration.ofMillis(2500)).durable()).isTrue();
  }

  @Test
  void aRunModeServerSaysFsyncFullPageWritesAndSynchronousCommitAreOn() throws Exception {
    if (isRoot()) {
      assertDurableOnLocalInstallation();
      return;
    }
    EmbeddedDatabaseProperties runMode =
        new EmbeddedDatabaseProperties(dir.resolve("pg").toString(), 0, 2, true,
            java.time.Duration.ofSeconds(2));
    try (EmbeddedPostgres postgres = EmbeddedDatabaseConfiguration.start(runMode);
         Connection c = postgres.getPostgresDatabase().getConnection()) {
      assertAllOn(c);
    }
  }

  private static void assertAllOn(Connection c) throws SQLException {
    try (Statement s = c.createStatement()) {
      for (String name : DURABILITY) {
        try (ResultSet rs = s.executeQuery("SHOW " + name)) {
          assertThat(rs.next()).isTrue();
          assertThat(rs.getString(1)).as(name).isEqualTo("on");
        }
      }
    }
  }

  /** zonky's command line ({@code -p port -F -c name=value...}) on the installed server. */
  private static void assertDurableOnLocalInstallation() throws Exception {
    Path bin = localPostgresBin();
    Path data = Path.of(System.getProperty("java.io.tmpdir"), "okpay-durable-" + UUID.randomUUID());
    int port = freePort();
    List<String> options = new ArrayList<>(List.of("-p", Integer.toString(port), "-F"));
    EmbeddedDatabaseConfiguration.serverSettings(true)
        .forEach((name, value) -> options.addAll(List.of("-c", name + "=" + value)));
    options.addAll(List.of("-c", "listen_addresses=127.0.0.1", "-c", "unix_socket_directories="));
    try {
      runAsPostgres(bin.resolve("initdb").toString(), "-A", "trust", "-U", "postgres",
          "-D", data.toString());
      runAsPostgres(bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-w",
          "-o", String.join(" ", options), "start");
      try (Connection c = DriverManager.getConnection(
          "jdbc:postgresql://127.0.0.1:" + port + "/postgres", "postgres", "")) {
        assertAllOn(c);
      }
    } finally {
      runAsPostgres(bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-m", "fast",
          "-w", "stop");
      runAsPostgres("rm", "-rf", data.toString());
    }
  }

  private static Path localPostgresBin() throws IOException {
    try (Stream<Path> versions = Files.list(Path.of("/usr/lib/postgresql"))) {
      return versions.map(v -> v.resolve("bin"))
          .filter(b -> Files.isExecutable(b.resolve("postgres")))
          .max(Path::compareTo)
          .orElseThrow(() -> new IllegalStateException(
              "running as root needs a local PostgreSQL installation under /usr/lib/postgresql"));
    }
  }

  private static void runAsPostgres(String... command) throws Exception {
    List<String> line = new ArrayList<>(List.of("runuser", "-u", "postgres", "--"));
    line.addAll(List.of(command));
    Process p = new ProcessBuilder(line).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    assertThat(p.waitFor(PROCESS_WAIT_SECONDS, TimeUnit.SECONDS)).as("%s finished", line).isTrue();
    assertThat(p.exitValue()).as("%s exit code", line).isZero();
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  private static boolean isRoot() {
    return "root".equals(System.getProperty("user.name"));
  }
}
