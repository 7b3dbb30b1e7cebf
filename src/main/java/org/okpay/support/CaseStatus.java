package org.okpay.support;

import java.util.Locale;

/**
 * Where a case stands. The SLA clocks run in {@code open} and {@code waiting_on_agent} and pause
 * in {@code waiting_on_customer}; {@code resolved} may be reopened by the customer within 7 days
 * (counted as a repeat complaint); {@code closed} is final.
 */
public enum CaseStatus {
  OPEN, WAITING_ON_CUSTOMER, WAITING_ON_AGENT, RESOLVED, CLOSED;

  @com.fasterxml.jackson.annotation.JsonValue
  public String code() {
    return name().toLowerCase(Locale.ROOT);
  }

  @com.fasterxml.jackson.annotation.JsonCreator
  public static CaseStatus fromCode(String code) {
    return valueOf(code.toUpperCase(Locale.ROOT));
  }
}
