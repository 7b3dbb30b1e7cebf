package org.okpay.shared.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import org.junit.jupiter.api.Test;
import org.springframework.transaction.TransactionSystemException;

/** Which errors count as "the database cannot be reached" (503) rather than a fault (500). */
class DatabaseOutageCausesTest {

  private static final SQLException ADMIN_SHUTDOWN =
      new SQLException("terminating connection due to administrator command", "57P01");
  private static final SQLException HIKARI_CLOSED = new SQLException("Connection is closed");

  @Test
  void aCommitCutByARestartIsAnOutageThoughTheRollbackFailedWithoutAState() {
    // What the db-restart drill met: the commit fails as the server goes away, then the
    // rollback fails on the closed connection and hides the commit's error from the chain.
    TransactionSystemException rollbackFailed =
        new TransactionSystemException("JDBC rollback failed", HIKARI_CLOSED);
    rollbackFailed.initApplicationException(ADMIN_SHUTDOWN);

    assertThat(DatabaseOutage.isOutage(rollbackFailed)).isTrue();
  }

  @Test
  void aCommitThatFailedThenARollbackOnTheClosedConnectionIsAnOutage() {
    // Spring only logs the commit's own error here ("Commit exception overridden by rollback
    // exception"): what is thrown is the rollback's failure on the evicted connection.
    assertThat(DatabaseOutage.isOutage(
        new TransactionSystemException("JDBC rollback failed", HIKARI_CLOSED))).isTrue();
  }

  @Test
  void anOrdinaryErrorIsNoOutage() {
    TransactionSystemException notJdbc = new TransactionSystemException("no transaction");
    notJdbc.initApplicationException(new IllegalStateException("a bug"));

    assertThat(DatabaseOutage.isOutage(notJdbc)).isFalse();
    assertThat(DatabaseOutage.isOutage(new RuntimeException(HIKARI_CLOSED))).isFalse();
    assertThat(ErrorResponder.isRequestFault(new RuntimeException(HIKARI_CLOSED))).isFalse();
  }

  @Test
  void connectionStatesAnywhereInTheChainAreOutages() {
    assertThat(DatabaseOutage.isOutage(new RuntimeException(new SQLException("io", "08006"))))
        .isTrue();
    assertThat(DatabaseOutage.isOutage(new RuntimeException(ADMIN_SHUTDOWN))).isTrue();
    assertThat(DatabaseOutage.isOutage(new SQLException("syntax", "42601"))).isFalse();
  }
}
