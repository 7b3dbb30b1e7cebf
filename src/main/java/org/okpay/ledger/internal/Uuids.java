package org.okpay.ledger.internal;

import java.security.SecureRandom;
import java.util.UUID;

/**
 * Time-ordered UUIDs (RFC 9562 version 7) for transfers whose caller gave no id: new ids land at
 * the right-hand end of the primary-key index instead of at random pages.
 */
final class Uuids {

  private static final SecureRandom RANDOM = new SecureRandom();

  private Uuids() {
  }

  static UUID v7() {
    long millis = System.currentTimeMillis();
    long high = (millis << 16) | 0x7000L | (RANDOM.nextInt() & 0x0FFFL);
    long low = (RANDOM.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
    return new UUID(high, low);
  }

  /** The same id every time for the same name: used where a retry must not create a second row. */
  static UUID named(String name) {
    return UUID.nameUUIDFromBytes(name.getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }
}
