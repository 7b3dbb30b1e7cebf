package org.okpay.identity;

import java.util.Locale;

/** What a user may do. Staff (agents and admins) get shorter sessions and stricter lockout. */
public enum Role {
  CUSTOMER, MERCHANT, AGENT, ADMIN;

  public boolean staff() {
    return this == AGENT || this == ADMIN;
  }

  public String dbValue() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Role fromDb(String value) {
    return valueOf(value.toUpperCase(Locale.ROOT));
  }

  /** The Spring Security authority, e.g. {@code ROLE_ADMIN}. */
  public String authority() {
    return "ROLE_" + name();
  }
}
