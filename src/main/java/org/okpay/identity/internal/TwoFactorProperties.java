package org.okpay.identity.internal;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Two-factor authentication settings.
 *
 * @param key AES-256 key, 32 bytes in base64, that seals TOTP secrets in the database
 *     ({@code OKPAY_TWO_FACTOR_KEY}); blank: stored unsealed, with a warning at start-up
 * @param issuer the name authenticator apps show next to the account
 * @param setupValidity how long a started setup waits for its first code
 * @param challengeValidity how long a sign-in whose password was right waits for the code
 * @param challengeFailuresMax wrong codes after which that sign-in must start again
 */
@ConfigurationProperties("okpay.two-factor")
record TwoFactorProperties(
    @DefaultValue("") String key,
    @DefaultValue("OKPay") String issuer,
    @DefaultValue("1h") Duration setupValidity,
    @DefaultValue("5m") Duration challengeValidity,
    @DefaultValue("5") int challengeFailuresMax) {
}
