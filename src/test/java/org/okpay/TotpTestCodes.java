package org.okpay;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.time.Instant;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The authenticator app's side, for tests: RFC 6238 with HMAC-SHA1, 30-second steps, 6 digits.
 * Written out here on purpose rather than borrowed from the server's TotpCodes, so the tests do
 * not check the server with its own arithmetic.
 */
public final class TotpTestCodes {

  private TotpTestCodes() {
  }

  /** The code of the time step {@code offsetSteps} from now (-1 and +1 are accepted too). */
  public static String code(String base32Secret, int offsetSteps) {
    return code(base32(base32Secret), offsetSteps);
  }

  public static String code(byte[] secret, int offsetSteps) {
    long step = Instant.now().getEpochSecond() / 30 + offsetSteps;
    try {
      Mac mac = Mac.getInstance("HmacSHA1");
      mac.init(new SecretKeySpec(secret, "HmacSHA1"));
      byte[] h = mac.doFinal(ByteBuffer.allocate(8).putLong(step).array());
      int o = h[h.length - 1] & 0xf;
      int binary = ((h[o] & 0x7f) << 24) | ((h[o + 1] & 0xff) << 16) | ((h[o + 2] & 0xff) << 8)
          | (h[o + 3] & 0xff);
      return String.format("%06d", binary % 1_000_000);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** RFC 4648 base32 without padding, as authenticator apps are given the secret. */
  public static byte[] base32(String text) {
    String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    ByteBuffer out = ByteBuffer.allocate(text.length() * 5 / 8);
    int buffer = 0;
    int bits = 0;
    for (char c : text.toCharArray()) {
      buffer = (buffer << 5) | alphabet.indexOf(c);
      bits += 5;
      if (bits >= 8) {
        out.put((byte) (buffer >>> (bits - 8)));
        bits -= 8;
      }
    }
    return out.array();
  }
}
