package org.okpay.payments.internal.sandbox;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The sandbox rail's settings ({@code okpay.sandbox.*}).
 *
 * @param timeFactor real waiting is the nominal settlement delay divided by this (60: a
 *     two-minute bank transfer settles in two seconds); 1 in tests, which move the clock instead
 * @param openControls when true, every signed-in user may advance the sandbox clock (a public
 *     demo); otherwise only admins and the operator
 * @param fingerprintKey the HMAC key of card fingerprints; the same number always gives the same
 *     fingerprint under one key
 * @param returnAfterBusinessDays how many business days after settling a "returned" test bank
 *     account sends the money back
 */
@ConfigurationProperties("okpay.sandbox")
record SandboxProperties(
    @DefaultValue("60") long timeFactor,
    @DefaultValue("false") boolean openControls,
    @DefaultValue("okpay-sandbox-fingerprints") String fingerprintKey,
    @DefaultValue("3") int returnAfterBusinessDays) {

  static final long TIME_FACTOR_MAX = 100_000;
  static final int RETURN_DAYS_MAX = 60;

  SandboxProperties {
    if (timeFactor < 1 || timeFactor > TIME_FACTOR_MAX) {
      throw new IllegalArgumentException("okpay.sandbox.time-factor must be 1.." + TIME_FACTOR_MAX);
    }
    if (returnAfterBusinessDays < 1 || returnAfterBusinessDays > RETURN_DAYS_MAX) {
      throw new IllegalArgumentException(
          "okpay.sandbox.return-after-business-days must be 1.." + RETURN_DAYS_MAX);
    }
    if (fingerprintKey == null || fingerprintKey.isEmpty()) {
      throw new IllegalArgumentException("okpay.sandbox.fingerprint-key must not be empty");
    }
  }

  @Override
  public String toString() {
    return "SandboxProperties[timeFactor=" + timeFactor + ", openControls=" + openControls
        + ", returnAfterBusinessDays=" + returnAfterBusinessDays + "]";
  }
}
