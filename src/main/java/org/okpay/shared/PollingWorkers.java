package org.okpay.shared;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A few platform threads that run rounds of work until stopped, for the outboxes' dispatchers
 * (notifications, webhooks). A round returns how many rows it claimed: after a full batch the next
 * round starts at once, otherwise the thread waits for {@link #wake()} or the poll interval. Each
 * round claims its own rows ({@code FOR UPDATE SKIP LOCKED} plus a lease), so any number of
 * threads and instances may run rounds at once; a failed round is logged and the next one tries
 * again.
 */
public final class PollingWorkers {

  private static final Logger log = LoggerFactory.getLogger(PollingWorkers.class);

  private final String name;
  private final IntSupplier round;
  private final int batchMax;
  private final Duration pollInterval;
  private final Duration joinTimeout;
  private final Semaphore wake = new Semaphore(0);
  private final List<Thread> threads = new ArrayList<>();
  private volatile boolean running;

  /**
   * @param name the threads' name prefix and the log's name for them
   * @param joinTimeout how long {@link #stop()} waits for a round in progress
   */
  public PollingWorkers(String name, IntSupplier round, int batchMax, Duration pollInterval,
      Duration joinTimeout) {
    this.name = name;
    this.round = round;
    this.batchMax = batchMax;
    this.pollInterval = pollInterval;
    this.joinTimeout = joinTimeout;
  }

  /** Asks for a round soon (e.g. after a transaction that enqueued rows commits). */
  public void wake() {
    if (wake.availablePermits() == 0) {
      wake.release();
    }
  }

  /** Starts {@code count} threads (none: running, but this instance does not dispatch). */
  public synchronized void start(int count) {
    running = true;
    for (int i = 0; i < count; i++) {
      threads.add(Thread.ofPlatform().daemon().name(name + "-" + i).start(this::loop));
    }
  }

  /**
   * Stops the threads. A round in progress finishes what it is doing; rows it claimed and did not
   * reach are released when their lease ends.
   */
  public synchronized void stop() {
    running = false;
    wake.release(threads.size());
    for (Thread thread : threads) {
      try {
        if (!thread.join(joinTimeout)) {
          log.warn("{} still busy at shutdown; its claimed rows retry after their lease", name);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    threads.clear();
  }

  public boolean running() {
    return running;
  }

  private void loop() {
    while (running) {
      int claimed = 0;
      try {
        claimed = round.getAsInt();
      } catch (RuntimeException e) {
        log.warn("{} round failed; the next round tries again", name, e);
      }
      if (claimed < batchMax) {
        try {
          wake.tryAcquire(pollInterval.toMillis(), TimeUnit.MILLISECONDS);
          wake.drainPermits();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }
  }
}
