package org.okpay.identity.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The lockout rules as numbers: thresholds, doubling, the cap, the daily hard lock, staff. */
class LockoutTest {

  private static final IdentityProperties RULES = new IdentityProperties(Duration.ofMinutes(30),
      Duration.ofMinutes(15), Duration.ofHours(12), 5, 10, Duration.ofMinutes(15),
      Duration.ofMinutes(30), Duration.ofHours(24), 10, 20, "", "", 20, 10, 5,
      "http://localhost:8080", Duration.ofHours(24), Duration.ofMinutes(30));
  private static final Instant NOW = Instant.parse("2026-11-25T10:00:00Z");

  @Test
  void fiveConsecutiveFailuresLockACustomerForFifteenMinutes() {
    Lockout.State s = new Lockout.State(0, 0, null, false);
    for (int i = 1; i <= 4; i++) {
      s = Lockout.afterFailure(s, false, i, NOW, RULES);
      assertThat(s.lockedAt(NOW)).as("after %d failures", i).isFalse();
    }
    s = Lockout.afterFailure(s, false, 5, NOW, RULES);
    assertThat(s.lockedAt(NOW)).isTrue();
    assertThat(s.lockedUntil()).isEqualTo(NOW.plus(Duration.ofMinutes(15)));
    assertThat(s.lockedHard()).isFalse();
  }

  @Test
  void eachLaterLockLastsTwiceAsLongUpToADay() {
    assertThat(Lockout.doubled(Duration.ofMinutes(15), 1, Duration.ofHours(24)))
        .isEqualTo(Duration.ofMinutes(30));
    assertThat(Lockout.doubled(Duration.ofMinutes(15), 2, Duration.ofHours(24)))
        .isEqualTo(Duration.ofMinutes(60));
    assertThat(Lockout.doubled(Duration.ofMinutes(15), 30, Duration.ofHours(24)))
        .isEqualTo(Duration.ofHours(24));
    Lockout.State secondRun = new Lockout.State(4, 1, NOW.minusSeconds(60), false);
    Lockout.State locked = Lockout.afterFailure(secondRun, false, 9, NOW, RULES);
    assertThat(locked.lockedUntil()).isEqualTo(NOW.plus(Duration.ofMinutes(30)));
    assertThat(locked.temporaryLocks()).isEqualTo(2);
  }

  @Test
  void tenFailuresInADayLockUntilReset() {
    Lockout.State s = new Lockout.State(4, 1, NOW.minusSeconds(1), false);
    Lockout.State hard = Lockout.afterFailure(s, false, 10, NOW, RULES);
    assertThat(hard.lockedHard()).isTrue();
    assertThat(hard.lockedAt(NOW.plus(Duration.ofDays(30)))).isTrue();
  }

  @Test
  void staffLockAfterTenForAtLeastThirtyMinutes() {
    Lockout.State s = new Lockout.State(0, 0, null, false);
    for (int i = 1; i <= 9; i++) {
      s = Lockout.afterFailure(s, true, i, NOW, RULES);
    }
    assertThat(s.lockedAt(NOW)).isFalse();
    s = Lockout.afterFailure(s, true, 10, NOW, RULES);
    assertThat(s.lockedUntil()).isEqualTo(NOW.plus(Duration.ofMinutes(30)));
    assertThat(s.lockedHard()).isFalse();
  }
}
