package org.okpay.shared;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.okpay.OkPayTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * The limiter's key (one IPv4 address, or one IPv6 /64 network) and its count in PostgreSQL,
 * which two instances share. Each test counts under an action of its own, on a fixed clock.
 */
@OkPayTest
class IpRateLimiterTest {

  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2026-12-07T00:00:10Z"), ZoneOffset.UTC);

  @Autowired
  JdbcClient jdbc;
  @Autowired
  PlatformTransactionManager transactions;

  private IpRateLimiter instance() {
    return new IpRateLimiter(jdbc, transactions, CLOCK);
  }

  private static String action() {
    return "test-" + UUID.randomUUID();
  }

  @Test
  void twoInstancesShareOneLimit() {
    IpRateLimiter first = instance();
    IpRateLimiter second = instance();
    String login = action();
    first.acquire(login, "192.0.2.7", 3, Duration.ofMinutes(1));
    second.acquire(login, "192.0.2.7", 3, Duration.ofMinutes(1));
    first.acquire(login, "192.0.2.7", 3, Duration.ofMinutes(1));

    assertThatThrownBy(() -> second.acquire(login, "192.0.2.7", 3, Duration.ofMinutes(1)))
        .isInstanceOf(OkPayException.class)
        .extracting(e -> ((OkPayException) e).errorCode()).isEqualTo(ErrorCode.RATE_LIMITED);
  }

  @Test
  void theNextWindowStartsAgain() {
    String reset = action();
    IpRateLimiter now = instance();
    now.acquire(reset, "192.0.2.8", 1, Duration.ofMinutes(1));
    assertThatThrownBy(() -> now.acquire(reset, "192.0.2.8", 1, Duration.ofMinutes(1)))
        .isInstanceOf(OkPayException.class);

    IpRateLimiter aMinuteLater = new IpRateLimiter(jdbc, transactions,
        Clock.offset(CLOCK, Duration.ofMinutes(1)));
    aMinuteLater.acquire(reset, "192.0.2.8", 1, Duration.ofMinutes(1));
  }

  @Test
  void aVeryLongKeyIsStoredAsItsHash() {
    String odd = "x".repeat(500);
    assertThat(IpRateLimiter.storedKey(odd)).startsWith("sha256:").hasSize(71);
    String acting = action();
    instance().acquire(acting, odd, 1, Duration.ofMinutes(1));
    assertThatThrownBy(() -> instance().acquire(acting, odd, 1, Duration.ofMinutes(1)))
        .isInstanceOf(OkPayException.class);
  }

  @Test
  void anIpv6ClientCannotEscapeTheLimitByTakingAnotherAddressOfItsNetwork() {
    IpRateLimiter limiter = instance();
    String login = action();
    limiter.acquire(login, "2001:db8:1:2::1", 2, Duration.ofMinutes(1));
    limiter.acquire(login, "2001:db8:1:2:ffff:ffff:ffff:ffff", 2, Duration.ofMinutes(1));

    assertThatThrownBy(() -> limiter.acquire(login, "2001:0db8:0001:0002:0:0:0:abcd", 2,
        Duration.ofMinutes(1))).isInstanceOf(OkPayException.class)
        .extracting(e -> ((OkPayException) e).errorCode()).isEqualTo(ErrorCode.RATE_LIMITED);
    // The next /64, and IPv4 neighbours, have counts of their own.
    limiter.acquire(login, "2001:db8:1:3::1", 2, Duration.ofMinutes(1));
    limiter.acquire(login, "192.0.2.1", 1, Duration.ofMinutes(1));
    limiter.acquire(login, "192.0.2.2", 1, Duration.ofMinutes(1));
  }

  @Test
  void keys() {
    assertThat(IpRateLimiter.clientKey("0:0:0:0:0:0:0:1")).isEqualTo("0000000000000000::/64");
    assertThat(IpRateLimiter.clientKey("2001:db8::7")).isEqualTo("20010db800000000::/64");
    assertThat(IpRateLimiter.clientKey("203.0.113.9")).isEqualTo("203.0.113.9");
    assertThat(IpRateLimiter.clientKey("::ffff:203.0.113.9")).isEqualTo("::ffff:203.0.113.9");
    assertThat(IpRateLimiter.clientKey("not:an:address")).isEqualTo("not:an:address");
    assertThat(IpRateLimiter.clientKey("fe80::1%eth0")).isEqualTo("fe80000000000000::/64");
    assertThat(IpRateLimiter.clientKey(null)).isEqualTo("null");
  }
}
