package org.okpay.ledger;

/** Who an account belongs to. Only system accounts (rails, fees, FX, suspense) may go negative. */
public enum OwnerType {
  CUSTOMER, MERCHANT, SYSTEM;

  public String dbValue() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }

  public static OwnerType fromDb(String value) {
    return valueOf(value.toUpperCase(java.util.Locale.ROOT));
  }
}
