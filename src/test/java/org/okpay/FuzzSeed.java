package org.okpay;

import java.security.SecureRandom;

/**
 * The seed of a randomized test: {@code -Dokpay.fuzz.seed=N} or {@code OKPAY_FUZZ_SEED=N} to
 * replay a run, else a new random one. The test prints it before its first step.
 */
public final class FuzzSeed {

  private FuzzSeed() {
  }

  public static long seed() {
    String value = System.getProperty("okpay.fuzz.seed");
    if (value == null || value.isBlank()) {
      value = System.getenv("OKPAY_FUZZ_SEED");
    }
    return value == null || value.isBlank() ? new SecureRandom().nextLong()
        : Long.parseLong(value.trim());
  }
}
