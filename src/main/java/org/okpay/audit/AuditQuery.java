package org.okpay.audit;

import java.time.Instant;

/**
 * A filter over the audit log, newest first. Every field but {@code limit} may be null.
 *
 * @param actionPrefix actions starting with this, e.g. {@code identity.} or {@code identity.sign_in}
 * @param actorId the actor's id exactly
 * @param subjectType with {@code subjectId}: rows about this subject
 * @param subjectId the subject's id exactly
 * @param from rows at or after this instant
 * @param to rows before this instant
 * @param chain one chain only
 * @param cursor the {@link AuditPage#nextCursor()} of the page before
 * @param limit rows per page, 1..{@link #LIMIT_MAX}
 */
public record AuditQuery(String actionPrefix, String actorId, String subjectType,
    String subjectId, Instant from, Instant to, String chain, String cursor, int limit) {

  public static final int LIMIT_MAX = 200;

  /** Everything, newest first, one page of {@code limit}. */
  public static AuditQuery all(int limit) {
    return new AuditQuery(null, null, null, null, null, null, null, null, limit);
  }

  public AuditQuery withCursor(String next) {
    return new AuditQuery(actionPrefix, actorId, subjectType, subjectId, from, to, chain, next,
        limit);
  }
}
