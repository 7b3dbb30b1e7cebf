package org.okpay.merchants;

import java.util.Locale;

/**
 * What a merchant sells, chosen at onboarding: it decides the merchant fee (a fee schedule per
 * category, shown on the dashboard and on /fees).
 */
public enum MerchantCategory {
  RETAIL, DIGITAL_GOODS, FOOD_AND_DRINK, TRAVEL, SERVICES, EDUCATION, CHARITY;

  /** Stored in merchants.merchants.category and used in the API. */
  public String key() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static MerchantCategory fromKey(String key) {
    return valueOf(key.toUpperCase(Locale.ROOT));
  }
}
