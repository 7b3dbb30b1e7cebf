package org.okpay.shared.internal;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.Set;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.TransactionSystemException;

/**
 * Recognizes "the database cannot be reached" anywhere in a cause chain: the pool gave up
 * waiting for a connection (its connection-timeout, a few seconds), the connection was refused
 * or broke (SQLState class 08), or the server is shutting down or starting (57P01-57P03).
 * Such a request is answered {@code 503 database_unavailable} with Retry-After: nothing was done
 * and the same request can be sent again, never a 500.
 */
final class DatabaseOutage {

  /** What a client should wait before trying again; a restart takes a few seconds. */
  static final long RETRY_AFTER_SECONDS = 5;
  private static final int CAUSES_MAX = 20;
  private static final int NESTING_MAX = 3;
  private static final Set<String> SERVER_GOING_AWAY = Set.of("57P01", "57P02", "57P03");

  private DatabaseOutage() {
  }

  /** Retry-After, for the answer to a request that met the outage. */
  static org.springframework.http.HttpHeaders headers() {
    org.springframework.http.HttpHeaders headers = new org.springframework.http.HttpHeaders();
    headers.set(org.springframework.http.HttpHeaders.RETRY_AFTER,
        Long.toString(RETRY_AFTER_SECONDS));
    return headers;
  }

  static java.util.Map<String, Object> properties() {
    return java.util.Map.of("retryAfterSeconds", RETRY_AFTER_SECONDS);
  }

  static boolean isOutage(Throwable error) {
    return isOutage(error, 0);
  }

  /**
   * A commit or rollback that failed keeps the error that started it as its "application
   * exception", outside the cause chain: when the connection broke during the commit, the
   * rollback then fails with Hikari's "Connection is closed" (no SQLState). So that one is
   * looked at too, and a commit or rollback refused by the connection counts as an outage.
   */
  private static boolean isOutage(Throwable error, int nesting) {
    Throwable t = error;
    for (int depth = 0; t != null && depth < CAUSES_MAX; depth++, t = t.getCause()) {
      if (t instanceof TransactionSystemException failed && nesting < NESTING_MAX
          && failed.getApplicationException() != null
          && isOutage(failed.getApplicationException(), nesting + 1)) {
        return true;
      }
      if (t instanceof TransactionSystemException && t.getCause() instanceof SQLException) {
        // The connection refused the commit or the rollback itself: the database went away
        // mid-transaction (a failed commit's own error is only logged by Spring, and the
        // rollback then fails on the pool's closed connection, with no SQLState). Whether
        // the transaction committed is unknown, which is what a retry with the same
        // Idempotency-Key is for.
        return true;
      }
      if (t instanceof SQLTransientConnectionException
          || t instanceof DataAccessResourceFailureException
          || t instanceof CannotCreateTransactionException) {
        return true;
      }
      if (t instanceof SQLException sql && sql.getSQLState() != null
          && (sql.getSQLState().startsWith("08") || SERVER_GOING_AWAY.contains(sql.getSQLState()))) {
        return true;
      }
    }
    return false;
  }
}
