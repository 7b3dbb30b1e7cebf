package org.okpay.audit.internal;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.okpay.audit.AuditCheckpoint;

/**
 * One signed checkpoint as stored in the table and written to the file. The signed message is
 * {@code okpay-audit-checkpoint-v1\n<chain>\n<lastSeq>\n<lastHash>\n<at, UTC microseconds>\n}.
 */
record Checkpoint(String chain, long lastSeq, String lastHash, Instant at, String keyId,
    String publicKey, String signature) {

  byte[] message() {
    return message(chain, lastSeq, lastHash, at);
  }

  static byte[] message(String chain, long lastSeq, String lastHash, Instant at) {
    return ("okpay-audit-checkpoint-v1\n" + chain + "\n" + lastSeq + "\n" + lastHash + "\n"
        + Canonical.instant(at) + "\n").getBytes(StandardCharsets.UTF_8);
  }

  AuditCheckpoint view() {
    return new AuditCheckpoint(chain, lastSeq, lastHash, at, keyId);
  }
}
