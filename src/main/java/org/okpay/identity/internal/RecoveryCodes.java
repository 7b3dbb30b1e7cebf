package org.okpay.identity.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * Single-use recovery codes, for when the phone with the authenticator is lost: 16 random
 * characters of Crockford's base32 (80 bits), shown as {@code xxxx-xxxx-xxxx-xxxx}.
 *
 * <p>They are stored as SHA-256 of the user's id and the code, not with Argon2 like passwords:
 * a password is chosen by a person and can be guessed from a list, so its hash must be slow; an
 * 80-bit random code cannot be guessed from a hash at any speed (2^80 SHA-256 computations is
 * out of reach), and the user id in the hash stops one computation from testing every user's
 * codes at once. A slow hash would only make each sign-in with a code cost 19 MiB for nothing.
 */
final class RecoveryCodes {

  static final int COUNT = 10;
  static final int CHARS = 16;
  static final int GROUP = 4;
  /** Longest text accepted as a code: the grouped form plus some stray spaces. */
  static final int TEXT_MAX = 40;

  /** Crockford's base32: no i, l, o or u, so nothing is mistaken for 1, 0 or a word. */
  private static final String ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz";
  private static final SecureRandom RANDOM = new SecureRandom();

  private RecoveryCodes() {
  }

  static List<String> generate() {
    List<String> codes = new ArrayList<>(COUNT);
    for (int i = 0; i < COUNT; i++) {
      StringBuilder code = new StringBuilder(CHARS + CHARS / GROUP);
      for (int c = 0; c < CHARS; c++) {
        if (c > 0 && c % GROUP == 0) {
          code.append('-');
        }
        code.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
      }
      codes.add(code.toString());
    }
    return codes;
  }

  /**
   * The code as typed, made canonical: case, spaces and dashes do not matter, and the letters
   * people confuse with digits (i, l, o) read as the digits, as Crockford's base32 says. Null
   * when it cannot be a code.
   */
  static String normalize(String typed) {
    if (typed == null || typed.length() > TEXT_MAX) {
      return null;
    }
    StringBuilder out = new StringBuilder(CHARS);
    for (char ch : typed.toLowerCase(Locale.ROOT).toCharArray()) {
      char c = switch (ch) {
        case 'i', 'l' -> '1';
        case 'o' -> '0';
        default -> ch;
      };
      if (c == '-' || Character.isWhitespace(c)) {
        continue;
      }
      if (ALPHABET.indexOf(c) < 0) {
        return null;
      }
      out.append(c);
    }
    return out.length() == CHARS ? out.toString() : null;
  }

  static byte[] hash(UUID userId, String normalizedCode) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      sha.update(userId.toString().getBytes(StandardCharsets.US_ASCII));
      sha.update((byte) ':');
      return sha.digest(normalizedCode.getBytes(StandardCharsets.US_ASCII));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }
}
