package org.okpay.identity.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.springframework.context.support.ResourceBundleMessageSource;

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

  @Test
  void fromTheThirdFailureInARowTheWarningGivesTheTriesLeftAndTheNextLock() {
    Lockout.State s = new Lockout.State(0, 0, null, false);
    for (int i = 1; i <= 4; i++) {
      s = Lockout.afterFailure(s, false, i, NOW, RULES);
      LockWarning warning = Lockout.warning(s, false, i, RULES);
      assertThat(warning).as("after %d failures", i)
          .isEqualTo(i < 3 ? null : new LockWarning(5 - i, Duration.ofMinutes(15)));
    }
    // A second run the same day ends in the hard lock (10 a day), the nearer of the two.
    Lockout.State secondRun = new Lockout.State(3, 1, NOW.minusSeconds(60), false);
    assertThat(Lockout.warning(secondRun, false, 8, RULES)).isEqualTo(new LockWarning(2, null));
    // Spread over more than a day it ends in a lock twice as long as the first.
    assertThat(Lockout.warning(secondRun, false, 3, RULES))
        .isEqualTo(new LockWarning(2, Duration.ofMinutes(30)));
    // One failure short of the daily hard lock warns even early in a run.
    assertThat(Lockout.warning(new Lockout.State(1, 1, null, false), false, 9, RULES))
        .isEqualTo(new LockWarning(1, null));
  }

  @Test
  void staffAreWarnedWithTheirOwnNumbers() {
    assertThat(Lockout.warning(new Lockout.State(2, 0, null, false), true, 2, RULES)).isNull();
    assertThat(Lockout.warning(new Lockout.State(3, 0, null, false), true, 3, RULES))
        .isEqualTo(new LockWarning(7, Duration.ofMinutes(30)));
  }

  @Test
  void theWarningReadsNaturallyInBothLanguages() {
    ResourceBundleMessageSource messages = new ResourceBundleMessageSource();
    messages.setBasename("messages");
    messages.setDefaultEncoding("UTF-8");
    messages.setFallbackToSystemLocale(false);
    assertThat(messages.getMessage(new LockWarning(2, Duration.ofMinutes(15)), Locale.ENGLISH))
        .isEqualTo("You can try 2 more times before sign-in is locked for 15 minutes.");
    assertThat(messages.getMessage(new LockWarning(1, Duration.ofHours(1)), Locale.ENGLISH))
        .isEqualTo("You can try 1 more time before sign-in is locked for 1 hour.");
    assertThat(messages.getMessage(new LockWarning(1, null), Locale.ENGLISH))
        .isEqualTo("You can try 1 more time before sign-in is locked until you reset your"
            + " password.");
    assertThat(messages.getMessage(new LockWarning(2, Duration.ofMinutes(15)),
        Locale.SIMPLIFIED_CHINESE)).isEqualTo("还可尝试 2 次，之后登录将被锁定 15 分钟。");
    assertThat(messages.getMessage(new LockWarning(2, Duration.ofHours(2)),
        Locale.SIMPLIFIED_CHINESE)).isEqualTo("还可尝试 2 次，之后登录将被锁定 2 小时。");
  }
}
