package org.okpay.payments;

import java.util.Currency;
import java.util.List;

/** The currencies a balance can be held in; each uses its ISO 4217 minor unit. */
public final class SupportedCurrencies {

  public static final List<Currency> ALL = List.of("CNY", "USD", "EUR", "GBP", "JPY", "HKD")
      .stream().map(Currency::getInstance).toList();

  private SupportedCurrencies() {
  }

  public static boolean supported(Currency currency) {
    return ALL.contains(currency);
  }
}
