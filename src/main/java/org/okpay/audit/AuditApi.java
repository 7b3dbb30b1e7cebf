package org.okpay.audit;

import java.util.List;

/**
 * Appends to the tamper-evident audit log. The append joins the caller's transaction when there
 * is one, so an action and its audit row commit together or not at all; without one it commits
 * on its own. Appends to one chain are serialized; the row's hash covers the previous row's hash
 * and a canonical form of this one.
 */
public interface AuditApi {

  /** Appends one event; returns its sequence number in its chain. */
  long append(AuditEvent event);

  /** A page of the log, newest first; a malformed cursor or filter is validation_failed. */
  AuditPage events(AuditQuery query);

  /**
   * Walks one chain (or every chain when {@code chainOrNull} is null) recomputing hashes and
   * sequence numbers and comparing with the latest signed checkpoints, in the table and in the
   * checkpoint file.
   */
  List<AuditVerification> verify(String chainOrNull);

  /** Signs a checkpoint of every chain that moved since its last one, now; returns them. */
  List<AuditCheckpoint> checkpointNow();
}
