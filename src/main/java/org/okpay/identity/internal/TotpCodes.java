package org.okpay.identity.internal;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Locale;
import java.util.OptionalLong;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Time-based one-time passwords (RFC 6238 over RFC 4226's HOTP): HMAC-SHA1, 30-second steps,
 * 6 digits, 160-bit secrets written in base32 (RFC 4648, no padding) as authenticator apps expect.
 */
final class TotpCodes {

  static final int SECRET_BYTES = 20; // 160 bits, RFC 4226's recommended length
  static final long STEP_SECONDS = 30;
  static final int DIGITS = 6;
  /** Steps accepted either side of the server's: a phone's clock may be up to 30 s off. */
  static final int DRIFT_STEPS = 1;

  private static final String BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
  private static final int[] POWERS = {1, 10, 100, 1_000, 10_000, 100_000, 1_000_000,
      10_000_000, 100_000_000};
  /** Longest base32 text decoded: well above a 160-bit secret, so garbage cannot cost much. */
  private static final int BASE32_CHARS_MAX = 128;

  private TotpCodes() {
  }

  static long step(Instant at) {
    return Math.floorDiv(at.getEpochSecond(), STEP_SECONDS);
  }

  /** RFC 4226 HOTP of {@code counter}, {@code digits} long (6..8), zero-padded. */
  static String code(byte[] secret, long counter, int digits) {
    assert digits >= 6 && digits <= 8 : digits;
    byte[] hash;
    try {
      Mac mac = Mac.getInstance("HmacSHA1");
      mac.init(new SecretKeySpec(secret, "HmacSHA1"));
      hash = mac.doFinal(ByteBuffer.allocate(Long.BYTES).putLong(counter).array());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA1 is part of every JDK", e);
    }
    int offset = hash[hash.length - 1] & 0x0f; // dynamic truncation
    int binary = ((hash[offset] & 0x7f) << 24) | ((hash[offset + 1] & 0xff) << 16)
        | ((hash[offset + 2] & 0xff) << 8) | (hash[offset + 3] & 0xff);
    String code = Integer.toString(binary % POWERS[digits]);
    return "0".repeat(digits - code.length()) + code;
  }

  static String code(byte[] secret, long step) {
    return code(secret, step, DIGITS);
  }

  /**
   * The step whose code {@code given} is, among the server's step and one either side, and only
   * if it is later than {@code lastStep} (the last one accepted): a code is good once, and no
   * code older than one already used is good at all.
   */
  static OptionalLong match(byte[] secret, String given, Instant now, long lastStep) {
    if (given == null || given.length() != DIGITS || !given.chars().allMatch(Character::isDigit)) {
      return OptionalLong.empty();
    }
    byte[] expected = given.getBytes(StandardCharsets.US_ASCII);
    long current = step(now);
    OptionalLong found = OptionalLong.empty();
    for (long s = current - DRIFT_STEPS; s <= current + DRIFT_STEPS; s++) {
      // Every candidate is compared, in constant time, so the answer's timing says nothing.
      boolean same = MessageDigest.isEqual(expected,
          code(secret, s).getBytes(StandardCharsets.US_ASCII));
      if (same && s > lastStep && found.isEmpty()) {
        found = OptionalLong.of(s);
      }
    }
    return found;
  }

  static String base32(byte[] bytes) {
    StringBuilder out = new StringBuilder((bytes.length * 8 + 4) / 5);
    int buffer = 0;
    int bits = 0;
    for (byte b : bytes) {
      buffer = (buffer << 8) | (b & 0xff);
      bits += 8;
      while (bits >= 5) {
        out.append(BASE32.charAt((buffer >>> (bits - 5)) & 31));
        bits -= 5;
      }
    }
    if (bits > 0) {
      out.append(BASE32.charAt((buffer << (5 - bits)) & 31));
    }
    return out.toString();
  }

  /** Decodes base32, ignoring case, spaces and padding; throws on any other character. */
  static byte[] fromBase32(String text) {
    String clean = text.replace(" ", "").replace("=", "").toUpperCase(Locale.ROOT);
    if (clean.length() > BASE32_CHARS_MAX) {
      throw new IllegalArgumentException("base32 text too long");
    }
    ByteBuffer out = ByteBuffer.allocate(clean.length() * 5 / 8);
    int buffer = 0;
    int bits = 0;
    for (int i = 0; i < clean.length(); i++) {
      int value = BASE32.indexOf(clean.charAt(i));
      if (value < 0) {
        throw new IllegalArgumentException("not base32: " + clean.charAt(i));
      }
      buffer = (buffer << 5) | value;
      bits += 5;
      if (bits >= 8) {
        out.put((byte) (buffer >>> (bits - 8)));
        bits -= 8;
      }
    }
    return out.array();
  }
}
