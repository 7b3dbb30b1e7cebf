package org.okpay.payments.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.sql.Timestamp;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.okpay.OkPayTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.okpay.payments.DeclineCode;
import org.okpay.payments.Rail;
import org.okpay.payments.RailState;
import org.okpay.status.ComponentState;
import org.okpay.status.StatusComponent;

/**
 * A rail's recent errors and slow answers turn its status component degraded or out, counted in
 * PostgreSQL so that all instances see them. Each test's clock stands at a minute of its own in
 * 2001, where the running application records nothing.
 */
@OkPayTest
class RailHealthTest {

  @Autowired JdbcClient jdbc;

  private Instant now = Instant.parse("2001-01-01T00:00:00Z")
      .plus(Duration.ofMinutes(ThreadLocalRandom.current().nextLong(1, 10_000_000)));
  private final Clock clock = new Clock() {
    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  };

  private RailHealth health;
  private RailSignals.RailSignal card;

  @BeforeEach
  void freshMinutes() {
    jdbc.sql("delete from shared.rail_calls where minute between :from and :to")
        .param("from", Timestamp.from(now.minus(Duration.ofHours(1))))
        .param("to", Timestamp.from(now.plus(Duration.ofHours(1)))).update();
    health = new RailHealth(jdbc, clock, 10);
    card = new RailSignals.RailSignal(Rail.CARD, health);
  }

  @Test
  void anotherInstancesCallsCount() {
    RailHealth other = new RailHealth(jdbc, clock, 10);
    for (int i = 0; i < 10; i++) {
      other.record(Rail.CARD, RailState.UNKNOWN, null, Duration.ofMillis(20).toNanos());
    }
    other.flush();
    assertThat(card.state()).isEqualTo(ComponentState.PARTIAL_OUTAGE);
  }

  @Test
  void fewCallsSayNothingAndCardDeclinesAreNotTheRailsFault() {
    calls(9, RailState.UNKNOWN, null);
    assertThat(card.state()).isEqualTo(ComponentState.OPERATIONAL);
    calls(40, RailState.DECLINED, DeclineCode.INSUFFICIENT_FUNDS);
    assertThat(card.state()).isEqualTo(ComponentState.OPERATIONAL);
    assertThat(card.component()).isEqualTo(StatusComponent.CARD_TOPUPS);
  }

  @Test
  void aFifthOfErrorsIsDegradedHalfIsAPartialOutageAndItPassesWithTime() {
    calls(8, RailState.COMPLETED, null);
    calls(2, RailState.DECLINED, DeclineCode.PROCESSING_ERROR);
    assertThat(card.state()).isEqualTo(ComponentState.DEGRADED);

    calls(8, RailState.UNKNOWN, null);
    assertThat(card.state()).isEqualTo(ComponentState.PARTIAL_OUTAGE);
    assertThat(health.state(Rail.DOMESTIC_BANK)).isEqualTo(ComponentState.OPERATIONAL);

    now = now.plus(RailHealth.WINDOW).plusSeconds(1);
    assertThat(card.state()).isEqualTo(ComponentState.OPERATIONAL);
  }

  @Test
  void slowAnswersCountAsTrouble() {
    for (int i = 0; i < 10; i++) {
      health.record(Rail.CARD, RailState.COMPLETED, null, Duration.ofSeconds(6).toNanos());
    }
    assertThat(card.state()).isEqualTo(ComponentState.PARTIAL_OUTAGE);
  }

  private void calls(int count, RailState state, DeclineCode decline) {
    for (int i = 0; i < count; i++) {
      health.record(Rail.CARD, state, decline, Duration.ofMillis(20).toNanos());
    }
  }
}
