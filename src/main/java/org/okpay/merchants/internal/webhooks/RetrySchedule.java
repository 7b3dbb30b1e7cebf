package org.okpay.merchants.internal.webhooks;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * When a failed delivery is tried again: the first attempt at once, then after 5 s, 5 min,
 * 30 min, 2 h, 5 h, 10 h, 14 h, 20 h and 24 h (about three days and three hours in all), each
 * wait stretched by a random 0..10 % (jitter) so that the retries of many deliveries that failed
 * together, say during an outage of the merchant's server, do not all arrive at the same moment.
 */
final class RetrySchedule {

  /** The wait after failed attempt n is WAITS.get(n - 1). */
  static final List<Duration> WAITS = List.of(Duration.ofSeconds(5), Duration.ofMinutes(5),
      Duration.ofMinutes(30), Duration.ofHours(2), Duration.ofHours(5), Duration.ofHours(10),
      Duration.ofHours(14), Duration.ofHours(20), Duration.ofHours(24));
  static final int ATTEMPTS_MAX = WAITS.size() + 1;
  static final double JITTER_MAX = 0.10;

  private RetrySchedule() {
  }

  /** The wait after failed attempt number {@code attempt} (1 = the first); empty after the last. */
  static Optional<Duration> after(int attempt) {
    if (attempt < 1) {
      throw new IllegalArgumentException("attempt must be at least 1: " + attempt);
    }
    if (attempt >= ATTEMPTS_MAX) {
      return Optional.empty();
    }
    Duration wait = WAITS.get(attempt - 1);
    long jitterMs = (long) (wait.toMillis() * JITTER_MAX * ThreadLocalRandom.current().nextDouble());
    return Optional.of(wait.plusMillis(jitterMs));
  }
}
