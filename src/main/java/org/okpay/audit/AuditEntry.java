package org.okpay.audit;

import java.time.Instant;
import java.util.Map;

/**
 * One stored row of the audit log: the event as it was appended (text cut to the column limits),
 * its place in its chain and its hashes (lower-case hex SHA-256).
 */
public record AuditEntry(String chain, long seq, Instant at, String action, String actorType,
    String actorId, String subjectType, String subjectId, String reason,
    Map<String, String> details, String prevHash, String hash) {

  public AuditEntry {
    details = details == null ? Map.of() : Map.copyOf(details);
  }
}
