package org.okpay.shared.internal.db;

import static org.assertj.core.api.Assertions.assertThat;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledIfEnvironmentVariable;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded database keeps its data in its folder between runs, as a newcomer expects after
 * restarting OKPay. (Runs wherever the embedded database can: not as root, and so not in the
 * external-database mode that root uses.)
 */
@DisabledIfEnvironmentVariable(named = "OKPAY_TEST_DB_URL", matches = ".+",
    disabledReason = "external test database configured; the embedded one is not used")
class EmbeddedDatabasePersistenceTest {

  @TempDir Path dir;

  @Test
  void dataSurvivesARestart() throws Exception {
    EmbeddedDatabaseProperties properties =
        new EmbeddedDatabaseProperties(dir.resolve("pg").toString(), 0, 2, false,
            java.time.Duration.ofSeconds(2));

    try (EmbeddedPostgres first = EmbeddedDatabaseConfiguration.start(properties);
         Connection c = first.getPostgresDatabase().getConnection();
         Statement s = c.createStatement()) {
      assertThat(first.getJdbcUrl("postgres", "postgres")).contains("localhost");
      s.execute("create table kept (v text); insert into kept values ('still here')");
    }
    try (EmbeddedPostgres second = EmbeddedDatabaseConfiguration.start(properties);
         Connection c = second.getPostgresDatabase().getConnection();
         Statement s = c.createStatement();
         ResultSet rs = s.executeQuery("select v from kept")) {
      assertThat(rs.next()).isTrue();
      assertThat(rs.getString(1)).isEqualTo("still here");
      assertThat(c.getMetaData().getDatabaseMajorVersion()).isEqualTo(17);
    }
  }
}
