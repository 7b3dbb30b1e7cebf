package org.okpay.payments.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.okpay.payments.DeclineCode;
import org.okpay.payments.Rail;
import org.okpay.payments.RailState;
import org.okpay.status.ComponentState;
import org.okpay.status.StatusComponent;

/** A rail's recent errors and slow answers turn its status component degraded or out. */
class RailHealthTest {

  private Instant now = Instant.parse("2026-11-25T10:00:00Z");
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

  private final RailHealth health = new RailHealth(clock, 10);
  private final RailSignals.RailSignal card = new RailSignals.RailSignal(Rail.CARD, health);

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
