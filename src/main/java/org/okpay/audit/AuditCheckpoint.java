package org.okpay.audit;

import java.time.Instant;

/**
 * A signed statement that at {@code at} the chain ended at {@code lastSeq} with {@code lastHash};
 * {@code keyId} names the Ed25519 key that signed it (the first 16 hex digits of the SHA-256 of
 * its raw public key).
 */
public record AuditCheckpoint(String chain, long lastSeq, String lastHash, Instant at,
    String keyId) {
}
