package org.okpay.ledger.internal;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.okpay.ledger.TransferRequest;
import org.okpay.ledger.TransferResult;
import org.okpay.shared.ErrorCode;
import org.okpay.shared.OkPayException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * The batched write path. Callers put submissions on a bounded queue; each writer thread takes
 * what is waiting (up to {@code batchMax} transfers, lingering briefly for more), applies it in
 * one transaction with one durable commit, and only then completes each caller's future.
 */
final class LedgerWriter implements SmartLifecycle {

  private static final Logger log = LoggerFactory.getLogger(LedgerWriter.class);
  private static final long POLL_MS = 50;

  private final DataSource dataSource;
  private final BatchApplier applier;
  private final LedgerProperties properties;
  private final BlockingQueue<Submission> queue;
  private final List<Thread> threads = new ArrayList<>();
  private final Timer batchTimer;
  private final DistributionSummary batchSize;
  private final Counter retries;
  private volatile boolean running;
  /** False once stopping: new work is refused while the writers drain what is queued. */
  private volatile boolean accepting = true;

  LedgerWriter(DataSource dataSource, BatchApplier applier, LedgerProperties properties,
      MeterRegistry meters) {
    this.dataSource = dataSource;
    this.applier = applier;
    this.properties = properties;
    this.queue = new ArrayBlockingQueue<>(properties.queueCapacity());
    this.batchTimer = Timer.builder("okpay.ledger.batch").description("one batch, lock to commit")
        .publishPercentiles(0.5, 0.99).register(meters);
    this.batchSize = DistributionSummary.builder("okpay.ledger.batch.transfers")
        .description("transfers per committed batch").register(meters);
    this.retries = Counter.builder("okpay.ledger.batch.retries").register(meters);
  }

  CompletableFuture<List<TransferResult>> submit(List<TransferRequest> requests, boolean linked) {
    Submission submission = new Submission(requests, linked);
    if (!accepting || !queue.offer(submission)) {
      throw new OkPayException(ErrorCode.LEDGER_BUSY);
    }
    // Stopping may have drained the queue between our check and our offer: take it back, or
    // else a writer or the drain has it and will complete it.
    if (!accepting && queue.remove(submission)) {
      throw new OkPayException(ErrorCode.LEDGER_BUSY);
    }
    return submission.results();
  }

  @Override
  public void start() {
    // A stopped writer may be started again (context.stop()/start(), or the test framework
    // pausing an idle context): it must take work again, not keep refusing it.
    accepting = true;
    running = true;
    for (int i = 0; i < properties.writers(); i++) {
      Thread thread = Thread.ofPlatform().name("ledger-writer-" + i).daemon(true)
          .start(this::runWriter);
      threads.add(thread);
    }
  }

  @Override
  public void stop() {
    accepting = false;
    running = false;
    for (Thread thread : threads) {
      try {
        thread.join(properties.submitTimeout().toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    threads.clear();
    Submission left;
    while ((left = queue.poll()) != null) {
      left.results().completeExceptionally(new OkPayException(ErrorCode.LEDGER_BUSY));
    }
  }

  @Override
  public boolean isRunning() {
    return running;
  }

  @Override
  public int getPhase() {
    // Stop after the web server stopped taking requests, start before it takes them.
    return SmartLifecycle.DEFAULT_PHASE - 1024;
  }

  private void runWriter() {
    List<Submission> batch = new ArrayList<>();
    while (running || !queue.isEmpty()) {
      try {
        Submission first = queue.poll(POLL_MS, TimeUnit.MILLISECONDS);
        if (first == null) {
          continue;
        }
        collect(first, batch);
        process(batch);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (RuntimeException e) {
        log.error("ledger writer failed a batch", e);
        fail(batch, new OkPayException(ErrorCode.INTERNAL_ERROR));
      } finally {
        batch.clear();
      }
    }
  }

  /** Takes what is waiting, and lingers a little for more while the batch is small. */
  private void collect(Submission first, List<Submission> batch) throws InterruptedException {
    batch.add(first);
    int transfers = first.requests().size();
    long deadline = System.nanoTime() + properties.linger().toNanos();
    while (transfers < properties.batchMax()) {
      Submission next = queue.poll();
      if (next == null) {
        long waitNanos = deadline - System.nanoTime();
        if (waitNanos <= 0) {
          break;
        }
        next = queue.poll(waitNanos, TimeUnit.NANOSECONDS);
        if (next == null) {
          break;
        }
      }
      batch.add(next);
      transfers += next.requests().size();
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
