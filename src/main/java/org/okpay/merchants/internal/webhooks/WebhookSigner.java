package org.okpay.merchants.internal.webhooks;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Standard Webhooks signing (https://www.standardwebhooks.com): a secret is {@code whsec_} and
 * the base64 of 32 random bytes; a signature is {@code v1,} and the base64 of
 * HMAC-SHA256(secret bytes, "{webhook-id}.{webhook-timestamp}.{body}"). During a rotation the
 * header carries one signature per live secret, separated by spaces, newest first.
 */
final class WebhookSigner {

  static final String SECRET_PREFIX = "whsec_";
  static final int SECRET_BYTES = 32;
  private static final SecureRandom RANDOM = new SecureRandom();

  private WebhookSigner() {
  }

  static String newSecret() {
    byte[] bytes = new byte[SECRET_BYTES];
    RANDOM.nextBytes(bytes);
    return SECRET_PREFIX + Base64.getEncoder().encodeToString(bytes);
  }

  /** {@code v1,<base64>} for one secret. */
  static String sign(String secret, UUID eventId, long timestampSeconds, String body) {
    if (!secret.startsWith(SECRET_PREFIX)) {
      throw new IllegalArgumentException("not a whsec_ secret");
    }
    byte[] key = Base64.getDecoder().decode(secret.substring(SECRET_PREFIX.length()));
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      byte[] signature = mac.doFinal((eventId + "." + timestampSeconds + "." + body)
          .getBytes(StandardCharsets.UTF_8));
      return "v1," + Base64.getEncoder().encodeToString(signature);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
    }
  }

  /** The {@code webhook-signature} header: one signature per secret, space-separated. */
  static String header(List<String> secrets, UUID eventId, long timestampSeconds, String body) {
    if (secrets.isEmpty() || secrets.size() > 2) {
      throw new IllegalArgumentException("one or two secrets: " + secrets.size());
    }
    return secrets.stream().map(s -> sign(s, eventId, timestampSeconds, body))
        .collect(Collectors.joining(" "));
  }
}
