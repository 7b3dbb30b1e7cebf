package org.okpay.identity;

/** What a person gives to open an account. Validated by the identity module. */
public record NewUser(String email, String password, String displayName, String language,
    String country, String defaultCurrency) {
}
