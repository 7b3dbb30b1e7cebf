package org.okpay.notify.internal;

import java.time.Duration;

/** Exponential backoff: base after the first failed attempt, doubling, never more than max. */
final class Backoff {

  private Backoff() {
  }

  /** The wait after failed attempt number {@code attempt} (1 is the first). */
  static Duration delay(int attempt, Duration base, Duration max) {
    if (attempt < 1) {
      throw new IllegalArgumentException("attempt must be at least 1: " + attempt);
    }
    int doublings = Math.min(attempt - 1, 40);
    long baseMs = base.toMillis();
    long maxMs = max.toMillis();
    // Compare before shifting, so a large attempt number cannot overflow.
    if (baseMs > (maxMs >> doublings)) {
      return max;
    }
    return Duration.ofMillis(Math.min(baseMs << doublings, maxMs));
  }
}
