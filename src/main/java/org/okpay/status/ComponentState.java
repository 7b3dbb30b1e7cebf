package org.okpay.status;

import java.util.Locale;

/** From best to worst; a component shows the worst state that applies to it. */
public enum ComponentState {
  OPERATIONAL, DEGRADED, PARTIAL_OUTAGE, MAJOR_OUTAGE, UNDER_MAINTENANCE;

  public String key() {
    return name().toLowerCase(Locale.ROOT);
  }

  public ComponentState worse(ComponentState other) {
    return other.ordinal() > ordinal() ? other : this;
  }
}
