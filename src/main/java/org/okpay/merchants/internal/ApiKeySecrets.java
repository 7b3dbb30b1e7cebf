package org.okpay.merchants.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.regex.Pattern;
import org.okpay.merchants.MerchantsApi.ApiKey.Kind;

/**
 * The secrets of API keys: {@code okp_sk_test_} (secret) or {@code okp_rk_test_} (restricted)
 * and 32 random base62 characters (about 190 bits). Only their SHA-256 is stored, and a prefix
 * of the first 4 random characters to recognise a key by. A fast hash is enough: the secret is
 * random and long, never a password a person chose.
 */
final class ApiKeySecrets {

  static final String SECRET_PREFIX = "okp_sk_test_";
  static final String RESTRICTED_PREFIX = "okp_rk_test_";
  static final int RANDOM_CHARS = 32;
  static final int SHOWN_RANDOM_CHARS = 4;
  /** Anything longer than a key is not a key: refused before it is hashed. */
  static final int LENGTH_MAX = SECRET_PREFIX.length() + RANDOM_CHARS;
  private static final Pattern FORMAT = Pattern.compile("okp_(sk|rk)_test_[0-9A-Za-z]{32}");
  private static final String ALPHABET =
      "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
  private static final SecureRandom RANDOM = new SecureRandom();

  private ApiKeySecrets() {
  }

  static String newSecret(Kind kind) {
    StringBuilder secret = new StringBuilder(kind == Kind.SECRET ? SECRET_PREFIX : RESTRICTED_PREFIX);
    for (int i = 0; i < RANDOM_CHARS; i++) {
      secret.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
    }
    return secret.toString();
  }

  static boolean wellFormed(String secret) {
    return secret != null && secret.length() == LENGTH_MAX && FORMAT.matcher(secret).matches();
  }

  /** What the dashboard shows of a key, e.g. {@code okp_sk_test_Ab12}. */
  static String prefix(String secret) {
    return secret.substring(0, SECRET_PREFIX.length() + SHOWN_RANDOM_CHARS);
  }

  static byte[] sha256(String secret) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.US_ASCII));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }
}
