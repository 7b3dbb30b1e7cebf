package org.okpay.ledger.internal;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.okpay.ledger.TransferRequest;
import org.okpay.ledger.TransferResult;
import org.okpay.shared.BatchQueue;
import org.okpay.shared.ErrorCode;
import org.okpay.shared.GenericPlans;
import org.okpay.shared.OkPayException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.dao.TransientDataAccessResourceException;
import org.springframework.jdbc.UncategorizedSQLException;
import org.springframework.jdbc.datasource.DataSourceUtils;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The batched write path. Callers put submissions on a bounded queue; each writer thread takes
 * what is waiting (up to {@code batchMax} transfers, lingering briefly for more), applies it in
 * one transaction with one durable commit, and only then completes each caller's future. A
 * caller that batches its own requests may instead have its batch applied in its transaction
 * ({@link #applyInTransaction}).
 */
final class LedgerWriter implements SmartLifecycle {

  private static final Logger log = LoggerFactory.getLogger(LedgerWriter.class);

  private final DataSource dataSource;
  private final BatchApplier applier;
  private final LedgerProperties properties;
  private final BatchQueue<Submission> queue;
  private final Timer batchTimer;
  private final DistributionSummary batchSize;
  private final Counter retries;
  private final DistributionSummary joinedSize;

  LedgerWriter(DataSource dataSource, BatchApplier applier, LedgerProperties properties,
      MeterRegistry meters) {
    this.dataSource = dataSource;
    this.applier = applier;
    this.properties = properties;
    this.queue = new BatchQueue<>("ledger-writer",
        new BatchQueue.Settings(properties.queueCapacity(), properties.writers(),
            properties.batchMax(), properties.linger(), properties.submitTimeout()),
        new SubmissionHandler());
    this.batchTimer = Timer.builder("okpay.ledger.batch").description("one batch, lock to commit")
        .publishPercentiles(0.5, 0.99).register(meters);
    this.batchSize = DistributionSummary.builder("okpay.ledger.batch.transfers")
        .description("transfers per committed batch").register(meters);
    this.retries = Counter.builder("okpay.ledger.batch.retries").register(meters);
    this.joinedSize = DistributionSummary.builder("okpay.ledger.joined.transfers")
        .description("transfers per batch applied in a caller's transaction").register(meters);
  }

  CompletableFuture<List<TransferResult>> submit(List<TransferRequest> requests, boolean linked) {
    Submission submission = new Submission(requests, linked);
    if (!queue.offer(submission)) {
      throw new OkPayException(ErrorCode.LEDGER_BUSY);
    }
    return submission.results();
  }

  /**
   * Applies {@code submissions} on the connection of the caller's open transaction, which
   * commits or rolls them back with its own rows; see {@link
   * org.okpay.ledger.LedgerApi#transferLinkedInTransaction}. The same applier as a writer's
   * batch, so the same locks, decisions and statements.
   */
  List<List<TransferResult>> applyInTransaction(List<Submission> submissions) {
    if (!TransactionSynchronizationManager.isActualTransactionActive()) {
      throw new IllegalStateException("no transaction open to apply the transfers in");
    }
    Connection c = DataSourceUtils.getConnection(dataSource);
    try {
      List<List<TransferResult>> results = applier.apply(c, submissions);
      joinedSize.record(submissions.stream().mapToInt(s -> s.requests().size()).sum());
      return results;
    } catch (SQLException e) {
      String task = "ledger batch in the caller's transaction";
      throw isTransient(e) ? new TransientDataAccessResourceException(task, e)
          : new UncategorizedSQLException(task, null, e);
    } finally {
      DataSourceUtils.releaseConnection(c, dataSource);
    }
  }

  @Override
  public void start() {
    // A stopped writer may be started again (context.stop()/start(), or the test framework
    // pausing an idle context): it takes work again.
    queue.start();
  }

  @Override
  public void stop() {
    queue.stop();
  }

  @Override
  public boolean isRunning() {
    return queue.isRunning();
  }

  @Override
  public int getPhase() {
    // Stop after the web server stopped taking requests, start before it takes them.
    return SmartLifecycle.DEFAULT_PHASE - 1024;
  }

  /** The queue's side of a batch: a submission weighs its transfers. */
  private final class SubmissionHandler implements BatchQueue.Handler<Submission> {

    @Override
    public void process(List<Submission> batch) {
      LedgerWriter.this.process(batch);
    }

    @Override
    public void fail(Submission submission, RuntimeException error) {
      submission.results().completeExceptionally(error);
    }

    @Override
    public int weight(Submission submission) {
      return submission.requests().size();
    }
  }

  private void process(List<Submission> batch) {
    long startNanos = System.nanoTime();
    for (int attempt = 1; ; attempt++) {
      try {
        List<List<TransferResult>> results = applyAndCommit(batch);
        batchTimer.record(System.nanoTime() - startNanos, TimeUnit.NANOSECONDS);
        batchSize.record(batch.stream().mapToInt(s -> s.requests().size()).sum());
        for (int i = 0; i < batch.size(); i++) {
          batch.get(i).results().complete(results.get(i));
        }
        return;
      } catch (SQLException e) {
        if (attempt < properties.retriesMax() && isTransient(e)) {
          retries.increment();
          log.debug("ledger batch attempt {} hit {}, retrying", attempt, e.getSQLState());
          continue;
        }
        log.error("ledger batch of {} submissions failed", batch.size(), e);
        fail(batch, new OkPayException(ErrorCode.LEDGER_BUSY));
        return;
      }
    }
  }

  private List<List<TransferResult>> applyAndCommit(List<Submission> batch) throws SQLException {
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(false);
      try {
        GenericPlans.forThisTransaction(c);
        List<List<TransferResult>> results = applier.apply(c, batch);
        c.commit();
        return results;
      } catch (SQLException | RuntimeException e) {
        c.rollback();
        throw e;
      }
    }
  }

  /**
   * Deadlocks and serialization failures, and a duplicate id inserted by a concurrent batch that
   * did not share our locks: the next attempt reads the other batch's commit and decides again.
   */
  private static boolean isTransient(SQLException e) {
    String state = e.getSQLState();
    return "40001".equals(state) || "40P01".equals(state) || "23505".equals(state)
        || (state != null && state.startsWith("08"));
  }

  private static void fail(List<Submission> batch, RuntimeException error) {
    for (Submission s : batch) {
      s.results().completeExceptionally(error);
    }
  }
}
