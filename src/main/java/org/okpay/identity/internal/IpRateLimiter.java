package org.okpay.identity.internal;

import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.okpay.shared.ErrorCode;
import org.okpay.shared.OkPayException;
import org.springframework.stereotype.Component;

/**
 * Fixed one-minute windows per (action, IP) for sign-in, registration and reset, answered with
 * 429 and Retry-After. Counts live in this instance's memory (bounded), so behind a load
 * balancer each instance allows its own share.
 */
@Component
class IpRateLimiter {

  private static final Duration WINDOW = Duration.ofMinutes(1);
  private static final int KEYS_MAX = 100_000;

  private final Clock clock;
  private final Map<String, long[]> windows = new LinkedHashMap<>(1024, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, long[]> eldest) {
      return size() > KEYS_MAX;
    }
  };

  IpRateLimiter(Clock clock) {
    this.clock = clock;
  }

  /** Counts one request; throws {@code rate_limited} when the window is full. */
  void acquire(String action, String ip, int perMinute) {
    long now = clock.millis();
    long windowStart = now - now % WINDOW.toMillis();
    long count;
    synchronized (windows) {
      long[] w = windows.computeIfAbsent(action + "|" + ip, k -> new long[] {windowStart, 0});
      if (w[0] != windowStart) {
        w[0] = windowStart;
        w[1] = 0;
      }
      count = ++w[1];
    }
    if (count > perMinute) {
      long retryAfterSeconds = Math.max(1, (windowStart + WINDOW.toMillis() - now + 999) / 1000);
      throw new OkPayException(ErrorCode.RATE_LIMITED,
          Map.of("retryAfterSeconds", retryAfterSeconds));
    }
  }
}
