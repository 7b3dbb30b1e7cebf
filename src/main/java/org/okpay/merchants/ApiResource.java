package org.okpay.merchants;

import java.util.Locale;

/** What a merchant API key (or a staff member's role) may reach, each with its own {@link Access}. */
public enum ApiResource {
  PAYMENTS, CHECKOUT, REFUNDS, WEBHOOKS, BALANCE,
  /** Disputes on the merchant's payments (support module): read to look, write to answer. */
  DISPUTES;

  /** Used in the API and in merchants.api_keys.scopes. */
  public String key() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** @throws IllegalArgumentException for an unknown key */
  public static ApiResource fromKey(String key) {
    return valueOf(key.toUpperCase(Locale.ROOT));
  }
}
