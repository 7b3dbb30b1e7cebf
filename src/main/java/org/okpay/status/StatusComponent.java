package org.okpay.status;

import java.util.Locale;

/** The parts of OKPay whose state users can check. */
public enum StatusComponent {
  LOGIN, CARD_TOPUPS, BANK_TRANSFERS, P2P_PAYMENTS, CROSS_BORDER, MERCHANT_CHECKOUT,
  NOTIFICATIONS, API;

  public String key() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static StatusComponent fromKey(String key) {
    return valueOf(key.toUpperCase(Locale.ROOT));
  }
}
