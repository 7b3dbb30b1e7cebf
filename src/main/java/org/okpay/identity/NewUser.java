package org.okpay.identity;

/**
 * What a person gives to open an account. Validated by the identity module.
 *
 * @param timeZone the browser's IANA zone (e.g. {@code Asia/Shanghai}), optional: null, blank or
 *     unknown starts the user in their country's zone instead
 */
public record NewUser(String email, String password, String displayName, String language,
    String country, String defaultCurrency, String timeZone) {

  /** Without a zone from the browser (kept so that callers from before zones compile). */
  public NewUser(String email, String password, String displayName, String language,
      String country, String defaultCurrency) {
    this(email, password, displayName, language, country, defaultCurrency, null);
  }
}
