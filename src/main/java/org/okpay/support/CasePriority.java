package org.okpay.support;

import java.util.Locale;

/** How soon a case must be answered; each has its SLA targets (okpay.support.sla). */
public enum CasePriority {
  URGENT, HIGH, NORMAL;

  @com.fasterxml.jackson.annotation.JsonValue
  public String code() {
    return name().toLowerCase(Locale.ROOT);
  }

  @com.fasterxml.jackson.annotation.JsonCreator
  public static CasePriority fromCode(String code) {
    return valueOf(code.toUpperCase(Locale.ROOT));
  }
}
