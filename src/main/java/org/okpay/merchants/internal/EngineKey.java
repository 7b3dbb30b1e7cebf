package org.okpay.merchants.internal;

import java.util.UUID;
import org.okpay.payments.PaymentTransaction;

/**
 * The payments engine's idempotency key of one attempt at a merchant object (a checkout session,
 * a refund): {@code <prefix><object id>:<attempt>}. A failed attempt leaves its transaction, and
 * the next attempt is a new key, so a retry never replays a failure; the object is read back from
 * the key when the engine completes the transaction.
 */
public record EngineKey(String prefix) {

  public String of(UUID objectId, int attempt) {
    return prefix + objectId + ":" + attempt;
  }

  /** The attempt the transaction's key names. */
  public int attemptOf(PaymentTransaction t) {
    String key = t.idempotencyKey();
    return Integer.parseInt(key.substring(key.lastIndexOf(':') + 1));
  }

  /** The object the transaction's key names. */
  public UUID objectOf(PaymentTransaction t) {
    String key = t.idempotencyKey();
    return UUID.fromString(key.substring(prefix.length(), key.lastIndexOf(':')));
  }
}
