package org.okpay.payments.internal;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.okpay.shared.BatchQueue;
import org.okpay.shared.ErrorCode;
import org.okpay.shared.GenericPlans;
import org.okpay.shared.OkPayException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Group commit of one of the request path's transactions, the ledger writer's way: requests put
 * their item on a bounded queue and wait; each of a few threads takes what is waiting (up to
 * {@code batchMax}, lingering briefly for more), writes it in one transaction with set-based
 * statements ({@link #write}) and one durable commit, and only then answers each request.
 *
 * <p>A batch that hits a deadlock, serialization or other transient failure is tried again
 * whole, a bounded number of times; one that fails otherwise is tried item by item, so a bad
 * item fails alone. Without a pool connection the whole batch fails at once, as each request
 * alone would have. A full queue, or no thread taking the item within the submit timeout,
 * answers {@code 503 ledger_busy} (retryable) with nothing written.
 *
 * @param <T> what a request hands over
 * @param <R> what the batch decided for it
 */
abstract class GroupCommit<T, R> implements SmartLifecycle {

  private static final Logger log = LoggerFactory.getLogger(GroupCommit.class);

  private final String name;
  private final GroupCommitProperties properties;
  private final TransactionTemplate tx;
  private final JdbcClient jdbc;
  private final BatchQueue<Job<T, R>> queue;
  private final Timer batchTimer;
  private final Timer waitTimer;
  private final DistributionSummary batchSize;
  private final Counter retries;

  /** @param name of the threads and meters, e.g. {@code record}: okpay.payments.record.* */
  GroupCommit(String name, GroupCommitProperties properties, TransactionTemplate tx,
      JdbcClient jdbc, MeterRegistry meters) {
    this.name = name;
    this.properties = properties;
    this.tx = tx;
    this.jdbc = jdbc;
    this.queue = new BatchQueue<>("payments-" + name,
        new BatchQueue.Settings(properties.queueCapacity(), properties.threads(),
            properties.batchMax(), properties.linger(), properties.submitTimeout()),
        new JobHandler());
    String prefix = "okpay.payments." + name;
    this.batchTimer = Timer.builder(prefix + ".batch")
        .description("one batch, first statement to commit").publishPercentiles(0.5, 0.99)
        .register(meters);
    this.waitTimer = Timer.builder(prefix + ".wait")
        .description("an item's wait from the queue to its committed outcome")
        .publishPercentiles(0.5, 0.99).register(meters);
    this.batchSize = DistributionSummary.builder(prefix + ".batch.size")
        .description("items per committed batch").register(meters);
    this.retries = Counter.builder(prefix + ".retries").register(meters);
    Gauge.builder(prefix + ".queue", queue, BatchQueue::size)
        .description("items waiting for a thread").register(meters);
  }

  /**
   * Writes {@code batch} inside the open transaction; one outcome per item, in order. An
   * exception rolls the whole batch back.
   */
  protected abstract List<R> write(List<T> batch);

  /** After the batch's commit, before its requests are answered; nothing by default. */
  protected void committed(List<R> outcomes) {
  }

  /** Hands the item over and waits for its committed outcome; see the class comment. */
  R submit(T item) {
    Job<T, R> job = new Job<>(item);
    if (!queue.offer(job)) {
      throw new OkPayException(ErrorCode.LEDGER_BUSY);
    }
    long timeoutMs = properties.submitTimeout().toMillis();
    try {
      try {
        return job.outcome.get(timeoutMs, TimeUnit.MILLISECONDS);
      } catch (TimeoutException e) {
        if (job.take()) {
          // No thread took it: it is never written, so "busy" is the whole truth.
          queue.remove(job);
          throw new OkPayException(ErrorCode.LEDGER_BUSY);
        }
        // A thread is writing it: wait once more (bounded), then give up like a crash would.
        return job.outcome.get(timeoutMs, TimeUnit.MILLISECONDS);
      }
    } catch (TimeoutException e) {
      throw new OkPayException(ErrorCode.LEDGER_BUSY);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new OkPayException(ErrorCode.LEDGER_BUSY);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException failure) {
        throw failure;
      }
      throw new IllegalStateException(name + " failed", e.getCause());
    }
  }

  /** Writes {@code items} as one batch on the calling thread (tests: a batch made to order). */
  List<R> writeNow(List<T> items) {
    List<Job<T, R>> batch = items.stream().map(Job<T, R>::new).toList();
    batch.forEach(Job::take);
    process(batch);
    return batch.stream().map(j -> j.outcome.join()).toList();
  }

  @Override
  public void start() {
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
    // The ledger writer's phase: stop after the web server stopped taking requests, start
    // before it takes them.
    return SmartLifecycle.DEFAULT_PHASE - 1024;
  }

  /** The queue's side of a batch: its jobs are this class's. */
  private final class JobHandler implements BatchQueue.Handler<Job<T, R>> {

    @Override
    public void process(List<Job<T, R>> batch) {
      GroupCommit.this.process(batch);
    }

    @Override
    public void fail(Job<T, R> job, RuntimeException error) {
      job.outcome.completeExceptionally(error);
    }

    @Override
    public boolean claim(Job<T, R> job) {
      return job.take();
    }
  }

  private void process(List<Job<T, R>> batch) {
    long startNanos = System.nanoTime();
    List<T> items = batch.stream().map(j -> j.item).toList();
    try {
      List<R> outcomes = writeWithRetries(items);
      committed(outcomes);
      batchTimer.record(System.nanoTime() - startNanos, TimeUnit.NANOSECONDS);
      batchSize.record(batch.size());
      for (int i = 0; i < batch.size(); i++) {
        waitTimer.record(System.nanoTime() - batch.get(i).queuedNanos, TimeUnit.NANOSECONDS);
        batch.get(i).outcome.complete(outcomes.get(i));
      }
    } catch (CannotGetJdbcConnectionException e) {
      // Each request alone would have failed the same way: do not wait for the pool n times.
      batch.forEach(j -> j.outcome.completeExceptionally(e));
    } catch (RuntimeException e) {
      if (batch.size() == 1) {
        batch.getFirst().outcome.completeExceptionally(e);
        return;
      }
      log.warn("payments {} batch of {} failed ({}); writing its items one by one", name,
          batch.size(), e.toString());
      for (Job<T, R> job : batch) {
        process(List.of(job));
      }
    }
  }

  private List<R> writeWithRetries(List<T> items) {
    for (int attempt = 1; ; attempt++) {
      try {
        List<R> outcomes = tx.execute(s -> {
          GenericPlans.forThisTransaction(jdbc);
          return write(items);
        });
        if (outcomes == null || outcomes.size() != items.size()) {
          throw new IllegalStateException("one outcome per item");
        }
        return outcomes;
      } catch (TransientDataAccessException e) {
        // Deadlocks, serialization and lock failures (ConcurrencyFailureException) among them.
        if (attempt >= properties.retriesMax()) {
          throw e;
        }
        retries.increment();
        log.debug("payments {} batch attempt {} hit {}, retrying", name, attempt, e.toString());
      }
    }
  }

  /**
   * One request's item. {@code taken} is set once, by the thread that puts it in a batch or by
   * the request that gives up waiting first; whoever sets it decides, so a request answered
   * "busy" is never written afterwards.
   */
  private static final class Job<T, R> {
    final T item;
    final CompletableFuture<R> outcome = new CompletableFuture<>();
    final AtomicBoolean taken = new AtomicBoolean();
    final long queuedNanos = System.nanoTime();

    Job(T item) {
      this.item = item;
    }

    boolean take() {
      return taken.compareAndSet(false, true);
    }
  }
}
