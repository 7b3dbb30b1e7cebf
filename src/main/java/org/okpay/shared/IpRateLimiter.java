package org.okpay.shared;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.regex.Pattern;
import net.javacrumbs.shedlock.spring.annotation.SchedulerLock;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Fixed windows per (action, IP) for what anyone may ask without signing in (sign-in,
 * registration, password reset, status subscriptions), answered with 429 {@code rate_limited}
 * and Retry-After. The counts live in PostgreSQL ({@code shared.rate_windows}), one upsert per
 * request, so behind a load balancer all instances share one limit. The count is committed on
 * its own, whatever the caller's transaction does: a refused sign-in still counts.
 *
 * <p>The address is the one Tomcat resolved ({@code request.getRemoteAddr()}), which believes
 * {@code X-Forwarded-For} only from a trusted proxy ({@code okpay.http.trusted-proxies}). An IPv6
 * client counts by its /64 network: one subscriber line holds 2^64 addresses, and a new one per
 * request must not mean a new count.
 */
@Component
public class IpRateLimiter {

  private static final Duration WINDOW_MIN = Duration.ofSeconds(1);
  private static final Duration WINDOW_MAX = Duration.ofDays(1);
  /** Longest IPv6 text with a zone id; anything longer is counted as the string it is. */
  private static final int IPV6_CHARS_MAX = 64;
  /** Longer keys (odd "addresses" from a misconfigured proxy) are stored as their SHA-256. */
  private static final int KEY_CHARS_MAX = 200;
  private static final Pattern IPV6_LITERAL =
      Pattern.compile("[0-9A-Fa-f.]*:[0-9A-Fa-f:.]*(%[0-9A-Za-z_.-]+)?");

  private final JdbcClient jdbc;
  private final TransactionTemplate ownTransaction;
  private final Clock clock;

  IpRateLimiter(JdbcClient jdbc, PlatformTransactionManager transactions, Clock clock) {
    this.jdbc = jdbc;
    this.ownTransaction = new TransactionTemplate(transactions);
    this.ownTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
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
    int count = count(storedKey(action + "|" + clientKey(ip)), Instant.ofEpochMilli(windowStart));
    if (count > max) {
      long retryAfterSeconds = Math.max(1, (windowStart + windowMs - now + 999) / 1000);
      throw new OkPayException(ErrorCode.RATE_LIMITED,
          Map.of("retryAfterSeconds", retryAfterSeconds));
    }
  }

  /** The key's count in the window that starts at {@code windowStart}, this request included. */
  private int count(String key, Instant windowStart) {
    Integer count = ownTransaction.execute(status -> jdbc.sql("""
        insert into shared.rate_windows as w (key, window_start, count) values (:key, :start, 1)
        on conflict (key) do update set
          count = case when w.window_start = excluded.window_start then w.count + 1 else 1 end,
          window_start = excluded.window_start
        returning count""")
        .param("key", key).param("start", Timestamp.from(windowStart))
        .query(Integer.class).single());
    return count == null ? Integer.MAX_VALUE : count;
  }

  /** Drops windows that ended long ago; the longest window is a day. */
  @Scheduled(initialDelayString = "PT10M", fixedDelayString = "PT1H")
  @SchedulerLock(name = "shared.rate-window-purge", lockAtMostFor = "PT10M")
  void purge() {
    jdbc.sql("delete from shared.rate_windows where window_start < :before")
        .param("before", Timestamp.from(clock.instant().minus(WINDOW_MAX.multipliedBy(2))))
        .update();
  }

  static String storedKey(String key) {
    if (key.length() <= KEY_CHARS_MAX) {
      return key;
    }
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256")
          .digest(key.getBytes(StandardCharsets.UTF_8));
      return "sha256:" + HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
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
