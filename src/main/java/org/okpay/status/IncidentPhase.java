package org.okpay.status;

import java.util.Locale;

/** Where the work on an incident stands, in the order it usually goes; resolved ends it. */
public enum IncidentPhase {
  INVESTIGATING, IDENTIFIED, MONITORING, RESOLVED;

  public String key() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static IncidentPhase fromKey(String key) {
    return valueOf(key.toUpperCase(Locale.ROOT));
  }
}
