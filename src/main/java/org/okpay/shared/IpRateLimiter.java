package org.okpay.shared;

import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * Fixed windows per (action, IP) for what anyone may ask without signing in (sign-in,
 * registration, password reset, status subscriptions), answered with 429 {@code rate_limited}
 * and Retry-After. Counts live in this instance's memory (bounded), so behind a load balancer
 * each instance allows its own share.
 */
@Component
public class IpRateLimiter {

  private static final int KEYS_MAX = 100_000;
  private static final Duration WINDOW_MIN = Duration.ofSeconds(1);
  private static final Duration WINDOW_MAX = Duration.ofDays(1);

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

  /**
   * Counts one request of {@code action} from {@code ip}; throws {@code rate_limited}, with
   * {@code retryAfterSeconds} until the window ends, when more than {@code max} fall in the
   * current window. An action always uses the same window length.
   */
  public void acquire(String action, String ip, int max, Duration window) {
    if (window.compareTo(WINDOW_MIN) < 0 || window.compareTo(WINDOW_MAX) > 0 || max < 0) {
      throw new IllegalArgumentException("window 1s..1d and max >= 0, not " + window + ", " + max);
    }
    long windowMs = window.toMillis();
    long now = clock.millis();
    long windowStart = now - now % windowMs;
    long count;
    synchronized (windows) {
      long[] w = windows.computeIfAbsent(action + "|" + ip, k -> new long[] {windowStart, 0});
      if (w[0] != windowStart) {
        w[0] = windowStart;
        w[1] = 0;
      }
      count = ++w[1];
    }
    if (count > max) {
      long retryAfterSeconds = Math.max(1, (windowStart + windowMs - now + 999) / 1000);
      throw new OkPayException(ErrorCode.RATE_LIMITED,
          Map.of("retryAfterSeconds", retryAfterSeconds));
    }
  }
}
