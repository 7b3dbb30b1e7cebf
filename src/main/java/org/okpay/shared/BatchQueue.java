package org.okpay.shared;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The queue of a group commit (the ledger's writer, the payments' recorder and completer):
 * callers {@link #offer} jobs to a bounded queue; each of a few platform threads takes what is
 * waiting, up to {@code batchMax} of weight and lingering briefly for more, and hands the batch
 * to its {@link Handler}, which writes it in one transaction and completes each job.
 *
 * <p>Stopping refuses new jobs, lets the threads drain what is queued (waiting up to
 * {@code stopWait} for each) and fails whatever is left {@link ErrorCode#LEDGER_BUSY}. A handler
 * that throws fails its whole batch {@link ErrorCode#INTERNAL_ERROR}; the threads go on.
 *
 * @param <J> a caller's job, which carries what the handler completes
 */
public final class BatchQueue<J> {

  private static final Logger log = LoggerFactory.getLogger(BatchQueue.class);
  private static final long POLL_MS = 50;

  /** What the owner of the queue does with its jobs. */
  public interface Handler<J> {

    /** Writes the batch and completes every job of it, however it ends. */
    void process(List<J> batch);

    /** Completes the job with {@code error}: it was not written. */
    void fail(J job, RuntimeException error);

    /**
     * Called once for each job a thread takes from the queue: false leaves it out (its caller
     * gave up waiting and was answered already).
     */
    default boolean claim(J job) {
      return true;
    }

    /** How much of {@code batchMax} the job uses (e.g. its transfers). */
    default int weight(J job) {
      return 1;
    }
  }

  /**
   * @param capacity jobs the queue holds; beyond it {@link #offer} refuses
   * @param threads how many threads take batches
   * @param batchMax the most weight a batch takes (a job is never split)
   * @param linger how long a small batch waits for more
   * @param stopWait how long {@link #stop} waits for each thread to finish its batch
   */
  public record Settings(int capacity, int threads, int batchMax, Duration linger,
      Duration stopWait) {
  }

  private final String name;
  private final Settings settings;
  private final Handler<J> handler;
  private final BlockingQueue<J> queue;
  private final List<Thread> threads = new ArrayList<>();
  private volatile boolean running;
  /** False once stopping: new jobs are refused while the threads drain what is queued. */
  private volatile boolean accepting = true;

  /** @param name the threads' name prefix and the log's name for them */
  public BatchQueue(String name, Settings settings, Handler<J> handler) {
    this.name = name;
    this.settings = settings;
    this.handler = handler;
    this.queue = new ArrayBlockingQueue<>(settings.capacity());
  }

  /** Queues the job; false when it is full or stopping (the job will never be written). */
  public boolean offer(J job) {
    if (!accepting || !queue.offer(job)) {
      return false;
    }
    // Stopping may have drained the queue between our check and our offer: take it back, or
    // else a thread or the drain has it and will complete it.
    return accepting || !queue.remove(job);
  }

  /** Takes a job back that no thread took yet (true if it was still queued). */
  public boolean remove(J job) {
    return queue.remove(job);
  }

  /** Jobs waiting for a thread. */
  public int size() {
    return queue.size();
  }

  /** Starts the threads; a stopped queue may be started again and takes jobs again. */
  public synchronized void start() {
    accepting = true;
    running = true;
    for (int i = 0; i < settings.threads(); i++) {
      threads.add(Thread.ofPlatform().name(name + "-" + i).daemon(true).start(this::run));
    }
  }

  /** Refuses new jobs, drains the queue, then fails what is left; see the class comment. */
  public synchronized void stop() {
    accepting = false;
    running = false;
    for (Thread thread : threads) {
      try {
        thread.join(settings.stopWait().toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    threads.clear();
    J left;
    while ((left = queue.poll()) != null) {
      handler.fail(left, new OkPayException(ErrorCode.LEDGER_BUSY));
    }
  }

  public boolean isRunning() {
    return running;
  }

  private void run() {
    List<J> batch = new ArrayList<>();
    while (running || !queue.isEmpty()) {
      try {
        J first = queue.poll(POLL_MS, TimeUnit.MILLISECONDS);
        if (first == null) {
          continue;
        }
        collect(first, batch);
        if (!batch.isEmpty()) {
          handler.process(batch);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (RuntimeException e) {
        log.error("{} failed a batch", name, e);
        batch.forEach(job -> handler.fail(job, new OkPayException(ErrorCode.INTERNAL_ERROR)));
      } finally {
        batch.clear();
      }
    }
  }

  /** Takes what is waiting, and lingers a little for more while the batch is small. */
  private void collect(J first, List<J> batch) throws InterruptedException {
    int weight = addIfClaimed(first, batch);
    long deadline = System.nanoTime() + settings.linger().toNanos();
    while (weight < settings.batchMax()) {
      J next = queue.poll();
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
      weight += addIfClaimed(next, batch);
    }
  }

  /** Returns the weight added: none for a job its caller gave up on. */
  private int addIfClaimed(J job, List<J> batch) {
    if (!handler.claim(job)) {
      return 0;
    }
    batch.add(job);
    return handler.weight(job);
  }
}
