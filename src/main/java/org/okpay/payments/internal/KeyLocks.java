package org.okpay.payments.internal;

import java.util.UUID;
import java.util.concurrent.locks.ReentrantLock;
import org.springframework.stereotype.Component;

/**
 * Lets one request per (user, idempotency key) run at a time on this instance, so concurrent
 * duplicates wait for the first and then answer with its result. Across instances the unique
 * key in the table still makes exactly one of them record the transaction.
 */
@Component
class KeyLocks {

  static final int STRIPES = 1024;

  private final ReentrantLock[] locks = new ReentrantLock[STRIPES];

  KeyLocks() {
    for (int i = 0; i < STRIPES; i++) {
      locks[i] = new ReentrantLock();
    }
  }

  ReentrantLock of(UUID userId, String idempotencyKey) {
    return locks[Math.floorMod(31 * userId.hashCode() + idempotencyKey.hashCode(), STRIPES)];
  }
}
