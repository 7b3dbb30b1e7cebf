package org.okpay.shared;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;
import org.springframework.stereotype.Component;

/**
 * Fixed windows per (action, IP) for what anyone may ask without signing in (sign-in,
 * registration, password reset, status subscriptions), answered with 429 {@code rate_limited}
 * and Retry-After. Counts live in this instance's memory (bounded), so behind a load balancer
 * each instance allows its own share.
 *
 * <p>The address is the one Tomcat resolved ({@code request.getRemoteAddr()}), which believes
 * {@code X-Forwarded-For} only from a trusted proxy ({@code okpay.http.trusted-proxies}). An IPv6
 * client counts by its /64 network: one subscriber line holds 2^64 addresses, and a new one per
 * request must not mean a new count.
 */
@Component
public class IpRateLimiter {

  private static final int KEYS_MAX = 100_000;
  private static final Duration WINDOW_MIN = Duration.ofSeconds(1);
  private static final Duration WINDOW_MAX = Duration.ofDays(1);
  /** Longest IPv6 text with a zone id; anything longer is counted as the string it is. */
  private static final int IPV6_CHARS_MAX = 64;
  private static final Pattern IPV6_LITERAL =
      Pattern.compile("[0-9A-Fa-f.]*:[0-9A-Fa-f:.]*(%[0-9A-Za-z_.-]+)?");

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
      long[] w = windows.computeIfAbsent(action + "|" + clientKey(ip),
          k -> new long[] {windowStart, 0});
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

  /** An IPv4 address as it is; an IPv6 one as its /64 network. */
  static String clientKey(String ip) {
    // Only IPv6 literals reach InetAddress, which parses them without asking DNS.
    if (ip == null || ip.length() > IPV6_CHARS_MAX || !IPV6_LITERAL.matcher(ip).matches()) {
      return String.valueOf(ip);
    }
    try {
      if (InetAddress.getByName(ip) instanceof Inet6Address v6) {
        byte[] bytes = v6.getAddress();
        return HexFormat.of().formatHex(bytes, 0, 8) + "::/64";
      }
      return ip;
    } catch (UnknownHostException e) {
      return ip;
    }
  }
}
