package org.okpay.payments;

import java.util.Arrays;
import java.util.Locale;

/** The money-moving operations a user can make; fees and limits are set per operation. */
public enum Operation {
  TOPUP_CARD, TOPUP_BANK, WITHDRAWAL, P2P, CONVERT, CROSS_BORDER;

  @com.fasterxml.jackson.annotation.JsonValue
  public String key() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Operation fromKey(String key) {
    return Arrays.stream(values()).filter(o -> o.key().equals(key)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("unknown operation: " + key));
  }
}
