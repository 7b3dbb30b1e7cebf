package org.okpay.payments.internal;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.okpay.payments.PaymentTransaction;
import org.okpay.payments.TrackerStep;
import org.okpay.shared.ErrorCode;
import org.okpay.shared.OkPayException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Group commit of the request path's first transaction, the ledger writer's way: requests that
 * passed the guards put their payment on a bounded queue; each recorder thread takes what is
 * waiting (up to {@code batchMax}, lingering briefly for more) and records it in one
 * transaction: the users' locks in one fixed order, their usage and known keys in one query, the
 * limits decided in arrival order in memory ({@link RecordBatch}), the accepted rows with their
 * first steps in one insert, one durable commit; only then is each request answered. The
 * guarantees are {@code PaymentsService.record}'s: the same locks (so exact limits against
 * single-path recordings and other instances too), the same refusals, a key recorded once.
 *
 * <p>A batch that hits a deadlock or serialization failure is tried again whole, a bounded
 * number of times; one that fails otherwise is tried payment by payment, so one bad payment
 * fails alone. Without a pool connection the whole batch fails at once, as each request would.
 */
@Component
class Recorder implements SmartLifecycle {

  private static final Logger log = LoggerFactory.getLogger(Recorder.class);
  private static final long POLL_MS = 50;

  private final RecordStore store;
  private final Checks checks;
  private final RecordProperties properties;
  private final TransactionTemplate tx;
  private final Clock clock;
  private final BlockingQueue<Recording> queue;
  private final List<Thread> threads = new ArrayList<>();
  private final Timer batchTimer;
  private final Timer waitTimer;
  private final DistributionSummary batchSize;
  private final Counter retries;
  private volatile boolean running;
  /** False once stopping: new work is refused while the recorders drain what is queued. */
  private volatile boolean accepting = true;

  Recorder(RecordStore store, Checks checks, RecordProperties properties, TransactionTemplate tx,
      Clock clock, MeterRegistry meters) {
    this.store = store;
    this.checks = checks;
    this.properties = properties;
    this.tx = tx;
    this.clock = clock;
    this.queue = new ArrayBlockingQueue<>(properties.queueCapacity());
    this.batchTimer = Timer.builder("okpay.payments.record.batch")
        .description("one recording batch, locks to commit").publishPercentiles(0.5, 0.99)
        .register(meters);
    this.waitTimer = Timer.builder("okpay.payments.record.wait")
        .description("a payment's wait from the queue to its recorded outcome")
        .publishPercentiles(0.5, 0.99).register(meters);
    this.batchSize = DistributionSummary.builder("okpay.payments.record.batch.size")
        .description("payments per recording batch").register(meters);
    this.retries = Counter.builder("okpay.payments.record.retries").register(meters);
    Gauge.builder("okpay.payments.record.queue", queue, BlockingQueue::size)
        .description("payments waiting for a recorder").register(meters);
  }

  /** Whether this payment is recorded here; quotes and reviews take the single path. */
  boolean records(Guards.Passed passed) {
    return properties.groupCommit() && passed.plan().quoteId() == null
        && passed.assessment().action() != RiskCheck.Action.REVIEW;
  }

  /**
   * Records the payment with others and waits for the commit. Answers {@code 503 ledger_busy}
   * (retryable) when the queue is full or no recorder took it within the submit timeout; then
   * nothing was recorded. Past a second timeout, once a recorder took it, the request answers
   * busy too and the reconciliation settles the row if it was recorded (as after a crash).
   */
  Recording.Outcome record(Recording r) {
    if (!accepting || !queue.offer(r)) {
      throw new OkPayException(ErrorCode.LEDGER_BUSY);
    }
    // Stopping may have drained the queue between our check and our offer.
    if (!accepting && queue.remove(r)) {
      throw new OkPayException(ErrorCode.LEDGER_BUSY);
    }
    long timeoutMs = properties.submitTimeout().toMillis();
    try {
      try {
        return r.outcome().get(timeoutMs, TimeUnit.MILLISECONDS);
      } catch (TimeoutException e) {
        if (r.take()) {
          queue.remove(r);
          throw new OkPayException(ErrorCode.LEDGER_BUSY);
        }
        return r.outcome().get(timeoutMs, TimeUnit.MILLISECONDS);
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
      throw new IllegalStateException("recording failed", e.getCause());
    }
  }

  @Override
  public void start() {
    accepting = true;
    running = true;
    for (int i = 0; i < properties.recorders(); i++) {
      threads.add(Thread.ofPlatform().name("payments-recorder-" + i).daemon(true)
          .start(this::runRecorder));
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
    Recording left;
    while ((left = queue.poll()) != null) {
      left.outcome().completeExceptionally(new OkPayException(ErrorCode.LEDGER_BUSY));
    }
  }

  @Override
  public boolean isRunning() {
    return running;
  }

  @Override
  public int getPhase() {
    // The ledger writer's phase: stop after the web server stopped taking requests, start
    // before it takes them.
    return SmartLifecycle.DEFAULT_PHASE - 1024;
  }

  private void runRecorder() {
    List<Recording> batch = new ArrayList<>();
    while (running || !queue.isEmpty()) {
      try {
        Recording first = queue.poll(POLL_MS, TimeUnit.MILLISECONDS);
        if (first == null) {
          continue;
        }
        collect(first, batch);
        if (!batch.isEmpty()) {
          process(batch);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (RuntimeException e) {
        log.error("payments recorder failed a batch", e);
        for (Recording r : batch) {
          r.outcome().completeExceptionally(new OkPayException(ErrorCode.INTERNAL_ERROR));
        }
      } finally {
        batch.clear();
      }
    }
  }

  /** Takes what is waiting, and lingers a little for more while the batch is small. */
  private void collect(Recording first, List<Recording> batch) throws InterruptedException {
    addIfTaken(first, batch);
    long deadline = System.nanoTime() + properties.linger().toNanos();
    while (batch.size() < properties.batchMax()) {
      Recording next = queue.poll();
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
      addIfTaken(next, batch);
    }
  }

  /** A payment whose request gave up waiting is left out: it was answered busy. */
  private static void addIfTaken(Recording r, List<Recording> batch) {
    if (r.take()) {
      batch.add(r);
    }
  }

  /** Records a batch of taken payments and completes each one's outcome (tests call it too). */
  void process(List<Recording> batch) {
    long startNanos = System.nanoTime();
    try {
      List<Recording.Outcome> outcomes = decideWithRetries(batch);
      batchTimer.record(System.nanoTime() - startNanos, TimeUnit.NANOSECONDS);
      batchSize.record(batch.size());
      for (int i = 0; i < batch.size(); i++) {
        answer(batch.get(i), outcomes.get(i));
      }
    } catch (CannotGetJdbcConnectionException e) {
      // Each request alone would have failed the same way: do not wait for the pool n times.
      batch.forEach(r -> r.outcome().completeExceptionally(e));
    } catch (RuntimeException e) {
      if (batch.size() == 1) {
        batch.getFirst().outcome().completeExceptionally(e);
        return;
      }
      log.warn("payments batch of {} failed ({}); recording them one by one", batch.size(),
          e.toString());
      for (Recording r : batch) {
        process(List.of(r));
      }
    }
  }

  private void answer(Recording r, Recording.Outcome outcome) {
    waitTimer.record(System.nanoTime() - r.queuedNanos(), TimeUnit.NANOSECONDS);
    r.outcome().complete(outcome);
  }

  private List<Recording.Outcome> decideWithRetries(List<Recording> batch) {
    for (int attempt = 1; ; attempt++) {
      try {
        return tx.execute(s -> decideAndWrite(batch));
      } catch (TransientDataAccessException e) {
        // Deadlocks, serialization and lock failures (ConcurrencyFailureException) among them.
        if (attempt >= properties.retriesMax()) {
          throw e;
        }
        retries.increment();
        log.debug("payments batch attempt {} hit {}, retrying", attempt, e.toString());
      }
    }
  }

  /**
   * The batch in one transaction: locks, what is known, the decisions, the rows. A batch whose
   * payments are all refused or duplicates writes nothing and commits an empty transaction.
   */
  private List<Recording.Outcome> decideAndWrite(List<Recording> batch) {
    Set<UUID> users = new LinkedHashSet<>();
    batch.forEach(r -> users.add(r.user().userId()));
    store.lockUsers(users);
    // The clock is read once the locks are held, as the single path reads it.
    Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
    List<RecordStore.Seen> seen = store.seen(batch, checks.window(now));
    RecordBatch decisions = new RecordBatch(checks, now);
    List<Recording.Outcome> outcomes = new ArrayList<>(batch.size());
    for (int i = 0; i < batch.size(); i++) {
      outcomes.add(decisions.decide(batch.get(i), seen.get(i).used(), seen.get(i).known()));
    }
    List<PaymentTransaction> rows = decisions.accepted();
    if (rows.isEmpty()) {
      return outcomes;
    }
    Set<UUID> inserted = store.insert(rows, TrackerStep.CREATED, now);
    // Under the users' locks a key seen unknown cannot appear; if it did, it answers as a replay.
    return outcomes.stream().map(o -> o instanceof Recording.Recorded(PaymentTransaction row)
        && !inserted.contains(row.id()) ? (Recording.Outcome) new Recording.Duplicate() : o)
        .toList();
  }
}
