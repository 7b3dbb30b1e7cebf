package org.okpay.shared.internal.db;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.SQLExceptionOverride;
import java.io.Closeable;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.springframework.jdbc.datasource.DelegatingDataSource;

/**
 * The application's DataSource when a replica is configured: the primary for everything, the
 * replica only for a connection asked for inside a {@link org.okpay.shared.ReplicaRead} call that
 * {@link ReplicaReadInterceptor} sent there (a thread-local set for the call). Flyway, the ledger
 * writers, jobs and every write never set it, so they always get the primary.
 *
 * <p>When the replica cannot give a connection (down, restarting, pool timeout) the read gets a
 * primary connection instead and the failure is reported, so the monitor stops routing to the
 * replica at once instead of at its next check.
 */
final class ReplicaRoutingDataSource extends DelegatingDataSource implements Closeable {

  private static final ThreadLocal<Boolean> TO_REPLICA = new ThreadLocal<>();
  /** Set when a replica connection broke under this thread, even if the caller caught it. */
  private static final ThreadLocal<Boolean> REPLICA_BROKE = new ThreadLocal<>();

  private final HikariDataSource replica;
  private volatile Consumer<Exception> onReplicaFailure = e -> { };

  ReplicaRoutingDataSource(DataSource primary, HikariConfig replicaConfig) {
    super(primary);
    replicaConfig.setExceptionOverride(new SQLExceptionOverride() {
      @java.lang.Override
      public SQLExceptionOverride.Override adjudicate(SQLException e) {
        brokeIfLost(e);
        return SQLExceptionOverride.Override.CONTINUE_EVICT;
      }
    });
    this.replica = new HikariDataSource(replicaConfig);
  }

  /**
   * Hikari shows this every SQL error on a replica connection: a lost connection (08xxx, or the
   * server shutting down, 57P01-57P03) is remembered for the thread and reported at once, so a
   * read whose code caught the error (a page that shows "unknown" instead of failing) is still
   * run again on the primary by the interceptor.
   */
  private void brokeIfLost(SQLException e) {
    String state = e.getSQLState();
    if (state != null && (state.startsWith("08") || state.startsWith("57P"))) {
      REPLICA_BROKE.set(Boolean.TRUE);
      onReplicaFailure.accept(e);
    }
  }

  /** Whether a replica connection broke under this thread since the last call; clears it. */
  static boolean takeReplicaBroke() {
    boolean broke = Boolean.TRUE.equals(REPLICA_BROKE.get());
    REPLICA_BROKE.remove();
    return broke;
  }

  /** The primary pool, for the monitor and the write markers (never routed). */
  DataSource primary() {
    return getTargetDataSource();
  }

  HikariDataSource replica() {
    return replica;
  }

  void onReplicaFailure(Consumer<Exception> listener) {
    this.onReplicaFailure = listener;
  }

  /** Whether this thread's next connection is to come from the replica. */
  static boolean routedToReplica() {
    return Boolean.TRUE.equals(TO_REPLICA.get());
  }

  static void routeToReplica(boolean on) {
    if (on) {
      TO_REPLICA.set(Boolean.TRUE);
    } else {
      TO_REPLICA.remove();
    }
  }

  @Override
  public Connection getConnection() throws SQLException {
    if (routedToReplica()) {
      try {
        return replica.getConnection();
      } catch (SQLException | RuntimeException e) {
        onReplicaFailure.accept(e);
        TO_REPLICA.remove();
      }
    }
    return super.getConnection();
  }

  @Override
  public Connection getConnection(String username, String password) throws SQLException {
    return routedToReplica() ? getConnection() : super.getConnection(username, password);
  }

  @Override
  public void close() {
    replica.close();
    if (getTargetDataSource() instanceof AutoCloseable primary) {
      try {
        primary.close();
      } catch (Exception e) {
        throw new IllegalStateException("closing the primary pool", e);
      }
    }
  }
}
