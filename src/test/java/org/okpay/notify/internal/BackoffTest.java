package org.okpay.notify.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class BackoffTest {

  private static final Duration BASE = Duration.ofSeconds(30);
  private static final Duration MAX = Duration.ofHours(1);

  @Test
  void doublesFromTheBaseUpToTheMaximum() {
    long[] expectedSeconds = {30, 60, 120, 240, 480, 960, 1920, 3600, 3600};
    for (int attempt = 1; attempt <= expectedSeconds.length; attempt++) {
      assertThat(Backoff.delay(attempt, BASE, MAX)).as("attempt " + attempt)
          .isEqualTo(Duration.ofSeconds(expectedSeconds[attempt - 1]));
    }
  }

  @Test
  void hugeAttemptNumbersDoNotOverflow() {
    assertThat(Backoff.delay(63, BASE, MAX)).isEqualTo(MAX);
    assertThat(Backoff.delay(Integer.MAX_VALUE, Duration.ofMillis(1), Duration.ofDays(365)))
        .isEqualTo(Duration.ofDays(365));
  }

  @Test
  void attemptsStartAtOne() {
    assertThatThrownBy(() -> Backoff.delay(0, BASE, MAX)).isInstanceOf(IllegalArgumentException.class);
  }
}
