package org.okpay.shared;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Generic plans for the statements of a group commit's transaction (the ledger's writer, the
 * payments' recorder and completer). Their statements take each batch as arrays
 * ({@code unnest(cast(:ids as uuid[]))}); PostgreSQL's plan cache compares a generic plan,
 * costed for the hundred rows it assumes an unnest returns, with custom plans costed for the
 * batch's few, so it re-plans every execution: measured under the P2P load, planning took 2 to
 * 4 times the execution of the recorder's usage read and a third of the completer's move,
 * 20 % of PostgreSQL's CPU in all (docs/benchmarks.md, "Issue 14 fourth pass"). The plans are
 * the same (index descents per batch item), so the transaction asks for the generic one, which
 * is made once per prepared statement and connection.
 *
 * <p>{@code SET LOCAL}: the setting ends with the transaction, whether it commits or rolls
 * back, so the pooled connection goes back as it came and other queries keep the default.
 */
public final class GenericPlans {

  static final String SQL = "set local plan_cache_mode = force_generic_plan";

  private GenericPlans() {
  }

  /** In the transaction open on {@code c} (auto-commit off). */
  public static void forThisTransaction(Connection c) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute(SQL);
    }
  }

  /** In the Spring-managed transaction {@code jdbc} takes part in. */
  public static void forThisTransaction(JdbcClient jdbc) {
    jdbc.sql(SQL).update();
  }
}
