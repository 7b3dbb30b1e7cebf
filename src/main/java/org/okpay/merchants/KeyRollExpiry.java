package org.okpay.merchants;

import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;

/** How long a rolled key keeps working next to its replacement: the choices a roll offers. */
public enum KeyRollExpiry {
  NOW("now", Duration.ZERO),
  ONE_HOUR("1h", Duration.ofHours(1)),
  ONE_DAY("24h", Duration.ofHours(24)),
  SEVEN_DAYS("7d", Duration.ofDays(7));

  private final String key;
  private final Duration duration;

  KeyRollExpiry(String key, Duration duration) {
    this.key = key;
    this.duration = duration;
  }

  /** As the API and the page name it: now, 1h, 24h, 7d. */
  public String key() {
    return key;
  }

  public Duration duration() {
    return duration;
  }

  public static Optional<KeyRollExpiry> fromKey(String key) {
    return Arrays.stream(values()).filter(e -> e.key.equals(key)).findFirst();
  }

  public static boolean offered(Duration duration) {
    return Arrays.stream(values()).anyMatch(e -> e.duration.equals(duration));
  }
}
