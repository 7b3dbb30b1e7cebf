package org.okpay.shared.internal.db;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Starts an embedded PostgreSQL 17 with the application when no external database is configured
 * ({@code OKPAY_DB_URL} unset), so that a newcomer needs nothing but a JDK. Its data folder
 * persists between runs unless it is left empty, which gives a throw-away database.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnExpression("'${spring.datasource.url:}'.isBlank()")
@EnableConfigurationProperties(EmbeddedDatabaseProperties.class)
class EmbeddedDatabaseConfiguration {

  private static final Logger log = LoggerFactory.getLogger(EmbeddedDatabaseConfiguration.class);

  /**
   * The server {@link EmbeddedDatabaseEarlyStart} began starting while Spring was still reading
   * the configuration, or, when there is none (a context started without it), one started now.
   */
  @Bean(destroyMethod = "close")
  EmbeddedPostgres embeddedPostgres(EmbeddedDatabaseProperties properties,
      ObjectProvider<EmbeddedDatabaseEarlyStart.Started> earlyStart) throws IOException {
    EmbeddedDatabaseEarlyStart.Started started = earlyStart.getIfAvailable();
    return started != null ? started.take(properties) : start(properties);
  }

  /** Starts the embedded PostgreSQL these settings describe and waits until it answers. */
  static EmbeddedPostgres start(EmbeddedDatabaseProperties properties) throws IOException {
    refuseRoot();
    long startedNs = System.nanoTime();
    EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
        .setPGStartupWait(Duration.ofSeconds(60));
    serverSettings(properties.durable()).forEach(builder::setServerConfig);
    if (properties.port() > 0) {
      builder.setPort(properties.port());
    }
    if (properties.dataDir() != null && !properties.dataDir().isBlank()) {
      Path dir = Path.of(properties.dataDir()).toAbsolutePath();
      Files.createDirectories(dir.getParent());
      builder.setDataDirectory(dir).setCleanDataDirectory(false);
      log.info("embedded PostgreSQL keeps its data in {}", dir);
    } else {
      log.info("embedded PostgreSQL uses a temporary data folder, removed on shutdown");
    }
    EmbeddedPostgres postgres = builder.start();
    log.info("embedded PostgreSQL answers after {} ms", (System.nanoTime() - startedNs) / 1_000_000);
    return postgres;
  }

  @Bean(destroyMethod = "close")
  DataSource dataSource(EmbeddedPostgres postgres, EmbeddedDatabaseProperties properties) {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(postgres.getJdbcUrl("postgres", "postgres"));
    config.setUsername("postgres");
    config.setMaximumPoolSize(properties.poolSize());
    config.setConnectionTimeout(properties.connectionTimeout().toMillis());
    config.setValidationTimeout(Math.min(1000, properties.connectionTimeout().toMillis()));
    config.setPoolName("okpay-embedded");
    return new HikariDataSource(config);
  }

  /**
   * The server settings OKPay starts the embedded PostgreSQL with. zonky's defaults are made for
   * throw-away test databases: it always passes {@code -F} (fsync off) to the server and sets
   * {@code synchronous_commit=off}. In run mode the data folder is the user's real data, so a
   * durable start turns fsync, full-page writes and synchronous commit back on. This works because
   * zonky puts every {@code -c name=value} after {@code -F} and the server applies its command-line
   * switches in order, the last one winning (EmbeddedDatabaseDurabilityTest checks it on a real
   * server). Only the test suite asks for a non-durable start, for speed.
   */
  static Map<String, String> serverSettings(boolean durable) {
    String onWhenDurable = durable ? "on" : "off";
    Map<String, String> settings = new LinkedHashMap<>();
    settings.put("max_connections", "200");
    settings.put("fsync", onWhenDurable);
    settings.put("full_page_writes", onWhenDurable);
    settings.put("synchronous_commit", onWhenDurable);
    return settings;
  }

  /** PostgreSQL itself will not run as root; say so plainly instead of failing deep in initdb. */
  private static void refuseRoot() {
    if ("root".equals(System.getProperty("user.name"))) {
      throw new IllegalStateException("The embedded PostgreSQL cannot run as root (PostgreSQL "
          + "refuses it). Start OKPay as an ordinary user, or point it at an external database "
          + "with OKPAY_DB_URL, OKPAY_DB_USER and OKPAY_DB_PASSWORD.");
    }
  }
}
