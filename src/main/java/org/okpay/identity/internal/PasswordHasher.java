package org.okpay.identity.internal;

import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;
import org.springframework.stereotype.Component;

/**
 * Argon2id at OWASP's minimum (m = 19 MiB, t = 2, p = 1), set explicitly because Spring
 * Security's defaults are weaker. A hash made with other parameters is re-made at the next
 * successful sign-in.
 */
@Component
class PasswordHasher {

  static final int SALT_BYTES = 16;
  static final int HASH_BYTES = 32;
  static final int PARALLELISM = 1;
  static final int MEMORY_KIB = 19 * 1024;
  static final int ITERATIONS = 2;

  private final Argon2PasswordEncoder encoder = new Argon2PasswordEncoder(SALT_BYTES, HASH_BYTES,
      PARALLELISM, MEMORY_KIB, ITERATIONS);
  /** Verified against when the e-mail is unknown, so both cases take the same time. */
  private final String decoy = encoder.encode("decoy password for unknown e-mail addresses");

  String hash(String password) {
    return encoder.encode(password);
  }

  boolean matches(String password, String hash) {
    return encoder.matches(password, hash);
  }

  void spendTimeAsIfChecking(String password) {
    encoder.matches(password, decoy);
  }

  boolean needsRehash(String hash) {
    return encoder.upgradeEncoding(hash);
  }
}
