package org.okpay.payments;

import org.okpay.status.StatusComponent;

/** The kinds of payment rail OKPay reaches money through, and the status component of each. */
public enum Rail {
  /** Card acquiring: top-ups from a debit or credit card. */
  CARD(StatusComponent.CARD_TOPUPS),
  /** Domestic bank transfers: top-ups from, and withdrawals to, a bank account. */
  DOMESTIC_BANK(StatusComponent.BANK_TRANSFERS),
  /** Transfers to a bank account in another country and currency. */
  CROSS_BORDER(StatusComponent.CROSS_BORDER);

  private final StatusComponent component;

  Rail(StatusComponent component) {
    this.component = component;
  }

  /** The rail's name in JSON and in the database, e.g. {@code domestic_bank}. */
  @com.fasterxml.jackson.annotation.JsonValue
  public String key() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }

  public StatusComponent component() {
    return component;
  }
}
