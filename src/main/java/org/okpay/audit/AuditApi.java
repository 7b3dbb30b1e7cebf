package org.okpay.audit;

/**
 * Appends to the tamper-evident audit log. The append joins the caller's transaction when there
 * is one, so an action and its audit row commit together or not at all; without one it commits
 * on its own. Appends to one chain are serialized; the row's hash covers the previous row's hash
 * and a canonical form of this one.
 */
public interface AuditApi {

  /** Appends one event; returns its sequence number in its chain. */
  long append(AuditEvent event);
}
