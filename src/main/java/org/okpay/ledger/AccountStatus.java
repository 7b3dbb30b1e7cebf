package org.okpay.ledger;

/**
 * Frozen accounts can receive but not send; closed accounts can do neither.
 */
public enum AccountStatus {
  ACTIVE, FROZEN, CLOSED;

  public String dbValue() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }

  public static AccountStatus fromDb(String value) {
    return valueOf(value.toUpperCase(java.util.Locale.ROOT));
  }
}
