package org.okpay.payments;

import java.util.Arrays;
import java.util.Locale;

/** What kind of mismatch between OKPay and a rail reconciliation found; stored by its key. */
public enum FindingKind {
  /** Processing here, but the rail has no such operation. */
  MISSING_AT_RAIL,
  /** The rail moved another amount or currency than the ledger holds. */
  AMOUNT_MISMATCH,
  /** The rail completed it; the ledger refused the completing (or returning) transfers. */
  LEDGER_REJECTED,
  /** Completed here, but declined or unknown at the rail. */
  STATE_CONFLICT,
  /** A payment between OKPay users (no rail) was left open. */
  NOT_COMPLETED,
  /** Settling it threw (e.g. a constraint refused the move); the run went on with the others. */
  SETTLE_FAILED;

  @com.fasterxml.jackson.annotation.JsonValue
  public String key() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static FindingKind fromKey(String key) {
    return Arrays.stream(values()).filter(k -> k.key().equals(key)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("unknown finding kind: " + key));
  }
}
