package org.okpay.payments;

import java.util.Locale;

/** Why a rail refused or returned an operation. */
public enum DeclineCode {
  INSUFFICIENT_FUNDS, EXPIRED_CARD, DO_NOT_HONOR, STOLEN_CARD, PROCESSING_ERROR,
  ACCOUNT_CLOSED, NAME_MISMATCH, RETURNED_BY_BANK;

  public String code() {
    return name().toLowerCase(Locale.ROOT);
  }
}
