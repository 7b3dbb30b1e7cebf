package org.okpay.payments.internal;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.springframework.stereotype.Component;

/**
 * Lets one request per (user, idempotency key) record at a time on this instance, so concurrent
 * duplicates wait for the first and then answer with its result. Across instances the unique
 * key in the table still makes exactly one of them record the transaction.
 *
 * <p>A striped lock covers only the look-up and the insert; it is never held across the rail.
 * While the first request carries its transaction on (the rail may be slow), a duplicate of that
 * exact key waits on the key's own latch, bounded by {@link #IN_FLIGHT_WAIT_MAX}; requests whose
 * keys merely share a stripe do not wait at all.
 */
@Component
class KeyLocks {

  static final int STRIPES = 1024;
  /** After this a duplicate answers with the transaction as it is (e.g. still processing). */
  static final Duration IN_FLIGHT_WAIT_MAX = Duration.ofSeconds(30);

  private final ReentrantLock[] locks = new ReentrantLock[STRIPES];
  /** Keys whose first request is still running here; entries live as long as that request. */
  private final Map<String, CountDownLatch> inFlight = new ConcurrentHashMap<>();

  KeyLocks() {
    for (int i = 0; i < STRIPES; i++) {
      locks[i] = new ReentrantLock();
    }
  }

  ReentrantLock of(UUID userId, String idempotencyKey) {
    return locks[Math.floorMod(31 * userId.hashCode() + idempotencyKey.hashCode(), STRIPES)];
  }

  /** Marks the key as running; call with its stripe held, and {@link #done} in a finally. */
  CountDownLatch running(UUID userId, String idempotencyKey) {
    CountDownLatch latch = new CountDownLatch(1);
    inFlight.put(name(userId, idempotencyKey), latch);
    return latch;
  }

  void done(UUID userId, String idempotencyKey, CountDownLatch latch) {
    inFlight.remove(name(userId, idempotencyKey), latch);
    latch.countDown();
  }

  /** The key's running request, if one is running here; read with its stripe held. */
  CountDownLatch runningNow(UUID userId, String idempotencyKey) {
    return inFlight.get(name(userId, idempotencyKey));
  }

  /** Waits, bounded, for a running request to finish. */
  static void awaitDone(CountDownLatch latch) {
    if (latch == null) {
      return;
    }
    try {
      latch.await(IN_FLIGHT_WAIT_MAX.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static String name(UUID userId, String idempotencyKey) {
    return userId + "\n" + idempotencyKey;
  }
}
