package org.okpay.payments;

import java.util.Arrays;
import java.util.Locale;

/**
 * The built-in money-moving operations; fees and limits are set per operation key. Each is carried
 * out by an {@link OperationType} with the same key; other modules register types of their own,
 * whose keys are not here (the engine works with keys, see {@link OperationType}).
 */
public enum Operation {
  TOPUP_CARD, TOPUP_BANK, WITHDRAWAL, P2P, CONVERT, CROSS_BORDER;

  @com.fasterxml.jackson.annotation.JsonValue
  public String key() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The built-in operation with this key; empty for a type another module registered. */
  public static java.util.Optional<Operation> find(String key) {
    return Arrays.stream(values()).filter(o -> o.key().equals(key)).findFirst();
  }

  public static Operation fromKey(String key) {
    return Arrays.stream(values()).filter(o -> o.key().equals(key)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("unknown operation: " + key));
  }
}
