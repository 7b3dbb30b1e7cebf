package org.okpay.support;

import java.util.Locale;

/** What a case is about: the help center's problem categories, taken from the help article. */
public enum CaseCategory {
  SIGN_IN, PAYMENT_FAILED, MONEY_NOT_RECEIVED, ACCOUNT_SECURITY, REFUND, OTHER;

  /** The API and database spelling, e.g. {@code money_not_received}. */
  @com.fasterxml.jackson.annotation.JsonValue
  public String code() {
    return name().toLowerCase(Locale.ROOT);
  }

  @com.fasterxml.jackson.annotation.JsonCreator
  public static CaseCategory fromCode(String code) {
    return valueOf(code.toUpperCase(Locale.ROOT));
  }
}
