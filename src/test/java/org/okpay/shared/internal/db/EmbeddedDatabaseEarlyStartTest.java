package org.okpay.shared.internal.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledIfEnvironmentVariable;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.mock.env.MockEnvironment;

/**
 * The embedded PostgreSQL started beside the context: only where the embedded configuration
 * applies, handed over once, its failure thrown as the synchronous start threw it, and stopped
 * when no bean took it.
 */
class EmbeddedDatabaseEarlyStartTest {

  @TempDir Path dir;

  @Test
  void startsOnlyWithoutAnExternalDatabaseAndWhenNotTurnedOff() {
    assertThat(EmbeddedDatabaseEarlyStart.applies(new MockEnvironment())).isTrue();
    assertThat(EmbeddedDatabaseEarlyStart.applies(new MockEnvironment()
        .withProperty("spring.datasource.url", "jdbc:postgresql://db.example/okpay"))).isFalse();
    assertThat(EmbeddedDatabaseEarlyStart.applies(new MockEnvironment()
        .withProperty("okpay.embedded-db.early-start", "false"))).isFalse();
    assertThat(EmbeddedDatabaseEarlyStart.applies(new MockEnvironment()
        .withProperty("spring.datasource.url", " "))).isTrue();
  }

  @Test
  void aFailedStartThrowsItsOwnExceptionFromTheBean() throws Exception {
    // A data folder inside a plain file cannot be made (and as root the start refuses at once):
    // either way the bean sees the exception the start on the main thread throws, not a wrapper.
    Path file = Files.writeString(dir.resolve("a-file"), "not a folder");
    EmbeddedDatabaseProperties properties = properties(file.resolve("pg"));
    Throwable direct = catchThrowable(() -> EmbeddedDatabaseConfiguration.start(properties));
    assertThat(direct).isNotNull();
    EmbeddedDatabaseEarlyStart.Started started = new EmbeddedDatabaseEarlyStart.Started(properties);

    assertThatThrownBy(() -> started.take(properties))
        .isInstanceOf(direct.getClass()).hasMessage(direct.getMessage());
    assertThatThrownBy(() -> started.take(properties))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("taken already");
    started.destroy(); // nothing to stop, and no exception
  }

  @Test
  @DisabledIfEnvironmentVariable(named = "OKPAY_TEST_DB_URL", matches = ".+",
      disabledReason = "external test database configured; the embedded one is not used (root)")
  void theServerIsHandedOverOnceAndStoppedWhenNobodyTookIt() throws Exception {
    EmbeddedDatabaseProperties properties = properties(dir.resolve("taken"));
    EmbeddedDatabaseEarlyStart.Started started = new EmbeddedDatabaseEarlyStart.Started(properties);
    try (EmbeddedPostgres postgres = started.take(properties);
         Connection c = postgres.getPostgresDatabase().getConnection()) {
      assertThat(c.isValid(1)).isTrue();
      started.destroy(); // taken: the bean's own close stops it, not this
      assertThat(c.isValid(1)).isTrue();
    }

    EmbeddedDatabaseEarlyStart.Started orphan =
        new EmbeddedDatabaseEarlyStart.Started(properties(dir.resolve("orphan")));
    orphan.destroy();
    assertThat(Files.exists(dir.resolve("orphan/postmaster.pid")))
        .as("the orphan server stopped").isFalse();
  }

  @Test
  @DisabledIfEnvironmentVariable(named = "OKPAY_TEST_DB_URL", matches = ".+",
      disabledReason = "external test database configured; the embedded one is not used (root)")
  void otherSettingsAtHandOverStartTheServerTheContextAsksFor() throws Exception {
    EmbeddedDatabaseEarlyStart.Started started =
        new EmbeddedDatabaseEarlyStart.Started(properties(dir.resolve("early")));
    try (EmbeddedPostgres postgres = started.take(properties(dir.resolve("asked")))) {
      assertThat(Files.exists(dir.resolve("asked/postmaster.pid"))).isTrue();
      assertThat(Files.exists(dir.resolve("early/postmaster.pid"))).isFalse();
      try (Socket socket = new Socket()) {
        socket.connect(new InetSocketAddress("localhost", postgres.getPort()), 1000);
      }
    }
  }

  private static EmbeddedDatabaseProperties properties(Path dataDir) {
    return new EmbeddedDatabaseProperties(dataDir.toString(), 0, 2, false, Duration.ofSeconds(2));
  }
}
