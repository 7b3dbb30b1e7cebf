package org.okpay.shared;

/**
 * A signed-in principal that names who it acts for, so that the read replica's read-your-writes
 * rule (docs/cluster.md "Read replica") follows a user across their sessions and tokens: after
 * a write by this subject, its {@link ReplicaRead} reads go to the primary until the replica has
 * replayed that write. Principals without it are told apart by {@code Authentication.getName()}.
 */
public interface ReadYourWritesSubject {

  /** Stable for the subject across sessions, e.g. {@code "user:" + userId}. */
  String readYourWritesKey();
}
