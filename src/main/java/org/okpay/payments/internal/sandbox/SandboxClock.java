package org.okpay.payments.internal.sandbox;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.okpay.payments.SandboxApi;
import org.okpay.shared.FieldErrors;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Rail time: the application's clock plus an offset kept in sandbox.clock, so every instance
 * agrees and an advance survives a restart. The offset only grows, so rail time never runs
 * backwards.
 */
@Component
class SandboxClock {

  private final JdbcClient jdbc;
  private final Clock clock;

  SandboxClock(JdbcClient jdbc, Clock clock) {
    this.jdbc = jdbc;
    this.clock = clock;
  }

  Instant now() {
    long offsetMs = jdbc.sql("select offset_ms from sandbox.clock where id = 1")
        .query(Long.class).single();
    return at(offsetMs);
  }

  Instant advance(Duration by) {
    if (by == null || by.compareTo(Duration.ofSeconds(1)) < 0
        || by.compareTo(SandboxApi.ADVANCE_MAX) > 0) {
      throw FieldErrors.invalid("seconds", FieldErrors.OUT_OF_RANGE);
    }
    long offsetMs = jdbc.sql("""
        update sandbox.clock set offset_ms = offset_ms + :ms, updated_at = now()
         where id = 1 returning offset_ms
        """).param("ms", by.toMillis()).query(Long.class).single();
    return at(offsetMs);
  }

  /** Microseconds, as PostgreSQL keeps them: a time read back equals the time written. */
  private Instant at(long offsetMs) {
    return clock.instant().plusMillis(offsetMs).truncatedTo(ChronoUnit.MICROS);
  }
}
