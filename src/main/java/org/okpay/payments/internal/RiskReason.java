package org.okpay.payments.internal;

import java.util.Locale;

/** Why the risk checks look twice at a payment; stored by key in transactions.risk_reasons. */
enum RiskReason {
  /** Far above the user's usual amount for the operation. */
  UNUSUAL_AMOUNT,
  /** A user or bank account the payer never paid before. */
  NEW_RECIPIENT,
  /** The payer only just started using this device. */
  NEW_DEVICE;

  String key() {
    return name().toLowerCase(Locale.ROOT);
  }
}
