package org.okpay.payments.internal;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * Ledger transfer ids derived from the transaction and the leg. The ledger's writer does not join
 * our database transaction, so a step may be tried again (after a crash, by a second instance,
 * by reconciliation); the same id makes every try the same transfer, applied once.
 */
final class LedgerIds {

  private LedgerIds() {
  }

  static UUID of(UUID transactionId, String leg) {
    return UUID.nameUUIDFromBytes(("okpay:" + transactionId + ":" + leg)
        .getBytes(StandardCharsets.UTF_8));
  }
}
