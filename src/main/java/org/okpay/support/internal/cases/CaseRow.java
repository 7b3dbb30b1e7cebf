package org.okpay.support.internal.cases;

import java.time.Instant;
import java.util.UUID;
import org.okpay.support.CaseCategory;
import org.okpay.support.CaseLink;
import org.okpay.support.CasePriority;
import org.okpay.support.CaseStatus;
import org.okpay.support.SupportCase;

/**
 * One row of support.cases: the fixed facts and the {@link CaseState} that moves. Read inside
 * a transaction with {@code for update} before a move.
 */
record CaseRow(UUID id, String reference, UUID customerId, String contactEmail, String language,
    CaseCategory category, String subject, CaseLink link, String sourceKey, String sourceHash,
    String channel, Instant openedAt, UUID repeatOf, CaseState state) {

  /** The customer's and the agents' view (see {@link SupportCase} for what each field means). */
  SupportCase view() {
    CaseState s = state;
    boolean running = CaseRules.running(s.status);
    Instant answerBy = running && s.pausedSince == null ? s.replyDueAt() : null;
    Instant resolveBy = s.status == CaseStatus.RESOLVED || s.status == CaseStatus.CLOSED
        ? null : s.resolveDueAt;
    return new SupportCase(id, reference, customerId, contactEmail, category, s.priority,
        s.status, subject, link, openedAt, answerBy, resolveBy, s.pausedSince, s.slaState,
        s.rating, s.updatedAt);
  }

  boolean ownedBy(UUID customer) {
    return customer != null && customer.equals(customerId);
  }

  /** The part of a case that moves; a copy is changed by {@link CaseRules} and saved whole. */
  static final class CaseState {
    CasePriority priority;
    CaseStatus status;
    UUID assigneeId;
    Instant firstReplyDueAt;
    Instant firstRepliedAt;
    Instant nextReplyDueAt;
    Instant replyWarnAt;
    Instant resolveDueAt;
    Instant resolveWarnAt;
    Instant pausedSince;
    long pausedTotalMs;
    String slaState;
    Instant escalatedAt;
    Instant resolvedAt;
    Instant closedAt;
    Integer rating;
    String ratingComment;
    Instant ratedAt;
    int reopenCount;
    Instant reopenedAt;
    Instant updatedAt;

    CaseState copy() {
      CaseState c = new CaseState();
      c.priority = priority;
      c.status = status;
      c.assigneeId = assigneeId;
      c.firstReplyDueAt = firstReplyDueAt;
      c.firstRepliedAt = firstRepliedAt;
      c.nextReplyDueAt = nextReplyDueAt;
      c.replyWarnAt = replyWarnAt;
      c.resolveDueAt = resolveDueAt;
      c.resolveWarnAt = resolveWarnAt;
      c.pausedSince = pausedSince;
      c.pausedTotalMs = pausedTotalMs;
      c.slaState = slaState;
      c.escalatedAt = escalatedAt;
      c.resolvedAt = resolvedAt;
      c.closedAt = closedAt;
      c.rating = rating;
      c.ratingComment = ratingComment;
      c.ratedAt = ratedAt;
      c.reopenCount = reopenCount;
      c.reopenedAt = reopenedAt;
      c.updatedAt = updatedAt;
      return c;
    }

    /** The running reply target: the first reply until it is given, then the next one. */
    Instant replyDueAt() {
      return firstRepliedAt == null ? firstReplyDueAt : nextReplyDueAt;
    }
  }
}
