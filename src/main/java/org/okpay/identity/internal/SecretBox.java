package org.okpay.identity.internal;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.UUID;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Seals TOTP secrets for the database with AES-256-GCM under the key in
 * {@code OKPAY_TWO_FACTOR_KEY}, so a copy of the database alone does not give anyone the codes
 * of every user. The user's id is the associated data: a sealed secret moved to another user's
 * row does not open.
 *
 * <p>Stored form: one format byte, then for {@link #SEALED} a 12-byte nonce and the ciphertext
 * with its tag. Without a key (a developer's machine) secrets are stored {@link #PLAIN}, marked
 * so, and a warning is logged at start-up; a key added later seals each secret as it is next
 * written, and plain ones still open.
 */
final class SecretBox {

  static final byte PLAIN = 0;
  static final byte SEALED = 1;
  static final int KEY_BYTES = 32;
  private static final int NONCE_BYTES = 12;
  private static final int TAG_BITS = 128;
  private static final SecureRandom RANDOM = new SecureRandom();

  private final SecretKey key;

  /** @param keyBase64 32 random bytes in base64, or blank for no key */
  SecretBox(String keyBase64) {
    if (keyBase64 == null || keyBase64.isBlank()) {
      this.key = null;
      return;
    }
    byte[] raw = Base64.getDecoder().decode(keyBase64.strip());
    if (raw.length != KEY_BYTES) {
      throw new IllegalArgumentException("OKPAY_TWO_FACTOR_KEY must be " + KEY_BYTES
          + " bytes in base64 (e.g. openssl rand -base64 32), not " + raw.length + " bytes");
    }
    this.key = new SecretKeySpec(raw, "AES");
  }

  boolean hasKey() {
    return key != null;
  }

  byte[] seal(UUID owner, byte[] secret) {
    if (key == null) {
      return prefixed(PLAIN, secret);
    }
    byte[] nonce = new byte[NONCE_BYTES];
    RANDOM.nextBytes(nonce);
    try {
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
      cipher.updateAAD(owner.toString().getBytes(StandardCharsets.US_ASCII));
      byte[] sealed = cipher.doFinal(secret);
      return ByteBuffer.allocate(1 + NONCE_BYTES + sealed.length).put(SEALED).put(nonce)
          .put(sealed).array();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM is part of every JDK", e);
    }
  }

  byte[] open(UUID owner, byte[] stored) {
    if (stored.length == 0) {
      throw new IllegalStateException("empty TOTP secret");
    }
    if (stored[0] == PLAIN) {
      return Arrays.copyOfRange(stored, 1, stored.length);
    }
    if (stored[0] != SEALED || key == null) {
      throw new IllegalStateException("a sealed TOTP secret needs OKPAY_TWO_FACTOR_KEY");
    }
    try {
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(Cipher.DECRYPT_MODE, key,
          new GCMParameterSpec(TAG_BITS, stored, 1, NONCE_BYTES));
      cipher.updateAAD(owner.toString().getBytes(StandardCharsets.US_ASCII));
      return cipher.doFinal(stored, 1 + NONCE_BYTES, stored.length - 1 - NONCE_BYTES);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("TOTP secret does not open: wrong key or altered row", e);
    }
  }

  private static byte[] prefixed(byte format, byte[] bytes) {
    return ByteBuffer.allocate(1 + bytes.length).put(format).put(bytes).array();
  }
}
