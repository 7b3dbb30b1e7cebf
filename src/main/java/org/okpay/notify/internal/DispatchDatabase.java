package org.okpay.notify.internal;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.metrics.micrometer.MicrometerMetricsTrackerFactory;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.JdbcTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Where the dispatchers' statements go: by default a small pool of their own (one connection per
 * dispatcher thread, {@code okpay.notify.own-pool}), made like the application's and to the same
 * database, so that a request path holding every connection of the shared pool cannot make a
 * round wait for one; otherwise the application's pool. The claim, the batch's transaction and
 * the mailbox's writes all go here; only the anti-phishing phrases are read through identity's
 * API on the shared pool. Enqueueing never comes here: it joins the caller's transaction.
 */
final class DispatchDatabase implements AutoCloseable {

  static final String POOL_NAME = "okpay-notify";
  private static final Logger log = LoggerFactory.getLogger(DispatchDatabase.class);

  private final HikariDataSource own;
  private final JdbcClient jdbc;
  private final TransactionTemplate tx;

  private DispatchDatabase(DataSource dataSource, HikariDataSource own) {
    this.own = own;
    this.jdbc = JdbcClient.create(dataSource);
    this.tx = new TransactionTemplate(new JdbcTransactionManager(dataSource));
  }

  /**
   * A pool of {@code size} connections configured as the application's Hikari pool (URL, user,
   * timeouts, driver properties), or the application's pool itself when {@code size} is 0 or
   * that pool is not Hikari's.
   */
  static DispatchDatabase create(DataSource application, int size, MeterRegistry meters) {
    if (size == 0) {
      return new DispatchDatabase(application, null);
    }
    HikariDataSource shared;
    try {
      if (!application.isWrapperFor(HikariDataSource.class)) {
        log.warn("notify: the application's DataSource is not a Hikari pool; the dispatchers share it");
        return new DispatchDatabase(application, null);
      }
      shared = application.unwrap(HikariDataSource.class);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot look inside the application's DataSource", e);
    }
    HikariConfig config = new HikariConfig();
    shared.copyStateTo(config);
    config.setPoolName(POOL_NAME);
    config.setMaximumPoolSize(size);
    config.setMinimumIdle(size);
    config.setMetricRegistry(null);
    config.setHealthCheckRegistry(null);
    config.setMetricsTrackerFactory(new MicrometerMetricsTrackerFactory(meters));
    HikariDataSource own = new HikariDataSource(config);
    return new DispatchDatabase(own, own);
  }

  JdbcClient jdbc() {
    return jdbc;
  }

  TransactionTemplate tx() {
    return tx;
  }

  /** Whether the dispatchers have connections of their own. */
  boolean ownPool() {
    return own != null;
  }

  @Override
  public void close() {
    if (own != null) {
      own.close();
    }
  }
}
