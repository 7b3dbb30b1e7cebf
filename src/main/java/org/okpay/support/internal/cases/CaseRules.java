package org.okpay.support.internal.cases;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Set;
import org.okpay.support.CasePriority;
import org.okpay.support.CaseStatus;
import org.okpay.support.internal.cases.CaseRow.CaseState;

/**
 * The case state machine and its SLA clocks, in one place. Every move is a run of guard
 * clauses returning a {@link Move} (the first that fails is the answer); after the last guard
 * the state is changed in memory and the caller saves it whole in the same transaction.
 *
 * <ul>
 *   <li>open, waiting_on_agent: the clocks run (the reply target and the resolution target);
 *   <li>waiting_on_customer: the clocks pause; leaving it moves every running target by the
 *       pause, so the customer's wait never counts against us;
 *   <li>resolved: may be reopened within {@link #REOPEN_WITHIN} (a repeat complaint);
 *   <li>closed: final.
 * </ul>
 */
final class CaseRules {

  static final Duration REOPEN_WITHIN = Duration.ofDays(7);
  static final String OK = "ok";
  static final String WARNING = "warning";
  static final String BREACHED = "breached";
  private static final String ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ";
  private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyyMMdd")
      .withZone(ZoneOffset.UTC);
  private static final SecureRandom RANDOM = new SecureRandom();

  /** The outcome of a move, ordered as the guards run. */
  enum Move {
    OK,
    /** Nothing to do: the case is already there. */
    UNCHANGED,
    /** The case is closed: nothing moves it any more. */
    CLOSED,
    /** A status the actor may not set (e.g. {@code open} by an agent from {@code resolved}). */
    NOT_ALLOWED,
    /** Reopen: only a resolved case within {@link #REOPEN_WITHIN}. */
    REOPEN_WINDOW_PASSED,
    /** Rating: only after resolved or closed. */
    NOT_RATEABLE,
    /** Rating: once. */
    ALREADY_RATED
  }

  private CaseRules() {
  }

  /** e.g. C-20261207-4F2K: the UTC day and 4 characters without 0/O and 1/I. */
  static String reference(Instant now) {
    StringBuilder b = new StringBuilder("C-").append(DAY.format(now)).append('-');
    for (int i = 0; i < 4; i++) {
      b.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
    }
    return b.toString();
  }

  static boolean running(CaseStatus status) {
    return status == CaseStatus.OPEN || status == CaseStatus.WAITING_ON_AGENT;
  }

  /** A new case's state: both clocks start now. */
  static CaseState opened(CasePriority priority, SlaPolicy.Targets t, Instant now) {
    CaseState s = new CaseState();
    s.priority = priority;
    s.status = CaseStatus.OPEN;
    s.firstReplyDueAt = now.plus(t.reply());
    s.replyWarnAt = warnAt(now, t.reply());
    s.resolveDueAt = now.plus(t.resolve());
    s.resolveWarnAt = warnAt(now, t.resolve());
    s.slaState = OK;
    s.updatedAt = now;
    return s;
  }

  static Instant warnAt(Instant start, Duration target) {
    return start.plus(target.multipliedBy(SlaPolicy.WARN_PERCENT).dividedBy(100));
  }

  /** Where the SLA stands now: breached at 100 % of a running target, warning at 80 %. */
  static String slaState(CaseState s, Instant now) {
    if (!running(s.status) || s.pausedSince != null) {
      return s.slaState;
    }
    Instant replyDue = s.replyDueAt();
    if (!now.isBefore(s.resolveDueAt) || (replyDue != null && !now.isBefore(replyDue))) {
      return BREACHED;
    }
    if (!now.isBefore(s.resolveWarnAt) || (s.replyWarnAt != null && !now.isBefore(s.replyWarnAt))) {
      return WARNING;
    }
    return OK;
  }

  static int severity(String sla) {
    return switch (sla) {
      case OK -> 0;
      case WARNING -> 1;
      default -> 2;
    };
  }

  /** One step up: normal to high, high to urgent; urgent stays. */
  static CasePriority higher(CasePriority p) {
    return p == CasePriority.NORMAL ? CasePriority.HIGH : CasePriority.URGENT;
  }

  /**
   * A status move by an agent or by the customer (close). Leaving waiting_on_customer resumes
   * the clocks; entering it pauses them; resolved and closed stop them.
   */
  static Move changeStatus(CaseState s, CaseStatus to, boolean byCustomer, Instant now) {
    if (s.status == CaseStatus.CLOSED) {
      return Move.CLOSED;
    }
    if (s.status == to) {
      return Move.UNCHANGED;
    }
    if (byCustomer && to != CaseStatus.CLOSED) {
      return Move.NOT_ALLOWED;
    }
    // Leaving resolved to work on the case again is a reopen, with its own rules.
    if (s.status == CaseStatus.RESOLVED && to != CaseStatus.CLOSED) {
      return Move.NOT_ALLOWED;
    }
    // From here the move must succeed.
    endPause(s, now, to != CaseStatus.RESOLVED && to != CaseStatus.CLOSED);
    s.status = to;
    switch (to) {
      case WAITING_ON_CUSTOMER -> s.pausedSince = now;
      case RESOLVED -> {
        s.resolvedAt = now;
        s.nextReplyDueAt = null;
        s.replyWarnAt = null;
      }
      case CLOSED -> {
        s.closedAt = now;
        s.nextReplyDueAt = null;
        s.replyWarnAt = null;
      }
      default -> {
      }
    }
    relax(s, now);
    s.updatedAt = now;
    return Move.OK;
  }

  /**
   * Lowers the stored SLA state when a move met or moved a target (a reply, a pause). Only the
   * SLA job raises it, so every breach is seen, escalated and recorded by one place.
   */
  static void relax(CaseState s, Instant now) {
    String computed = slaState(s, now);
    if (severity(computed) < severity(s.slaState)) {
      s.slaState = computed;
    }
  }

  /**
   * Ends a pause: adds it to the total and, when the clocks go on running, moves every running
   * target by it.
   */
  static void endPause(CaseState s, Instant now, boolean clocksRunOn) {
    if (s.pausedSince == null) {
      return;
    }
    Duration paused = Duration.between(s.pausedSince, now);
    if (paused.isNegative()) {
      paused = Duration.ZERO;
    }
    s.pausedTotalMs = Math.addExact(s.pausedTotalMs, paused.toMillis());
    s.pausedSince = null;
    if (!clocksRunOn) {
      return;
    }
    if (s.firstRepliedAt == null) {
      s.firstReplyDueAt = s.firstReplyDueAt.plus(paused);
    }
    if (s.nextReplyDueAt != null) {
      s.nextReplyDueAt = s.nextReplyDueAt.plus(paused);
    }
    if (s.replyWarnAt != null) {
      s.replyWarnAt = s.replyWarnAt.plus(paused);
    }
    s.resolveDueAt = s.resolveDueAt.plus(paused);
    s.resolveWarnAt = s.resolveWarnAt.plus(paused);
  }

  /**
   * An agent's public reply: it meets the running reply target; {@code setStatus} (default
   * waiting_on_customer) is where the case goes next.
   */
  static Move agentReply(CaseState s, CaseStatus setStatus, Instant now) {
    if (s.status == CaseStatus.CLOSED) {
      return Move.CLOSED;
    }
    CaseStatus to = setStatus == null ? CaseStatus.WAITING_ON_CUSTOMER : setStatus;
    if (to == CaseStatus.OPEN || to == CaseStatus.CLOSED
        || (s.status == CaseStatus.RESOLVED && to != CaseStatus.RESOLVED)) {
      return Move.NOT_ALLOWED;
    }
    // From here the reply must succeed.
    if (s.firstRepliedAt == null) {
      s.firstRepliedAt = now;
    }
    s.nextReplyDueAt = null;
    s.replyWarnAt = null;
    if (s.status != to) {
      changeStatus(s, to, false, now);
    }
    relax(s, now);
    s.updatedAt = now;
    return Move.OK;
  }

  /**
   * A customer's message (web, API or e-mail): after the first reply it starts the next-reply
   * target; a case waiting on the customer goes back to the agents. On a resolved case within
   * the reopen window it reopens the case (a repeat complaint).
   */
  static Move customerMessage(CaseState s, SlaPolicy.Targets t, Instant now) {
    if (s.status == CaseStatus.CLOSED) {
      return Move.CLOSED;
    }
    if (s.status == CaseStatus.RESOLVED) {
      return reopen(s, t, now);
    }
    // From here the message must be taken.
    if (s.status == CaseStatus.WAITING_ON_CUSTOMER) {
      endPause(s, now, true);
      s.status = CaseStatus.WAITING_ON_AGENT;
    }
    if (s.firstRepliedAt != null && s.nextReplyDueAt == null) {
      s.nextReplyDueAt = now.plus(t.reply());
      s.replyWarnAt = warnAt(now, t.reply());
    }
    s.updatedAt = now;
    return Move.OK;
  }

  /** The customer reopens a resolved case within {@link #REOPEN_WITHIN}: fresh targets. */
  static Move reopen(CaseState s, SlaPolicy.Targets t, Instant now) {
    if (s.status == CaseStatus.CLOSED) {
      return Move.CLOSED;
    }
    if (s.status != CaseStatus.RESOLVED) {
      return Move.NOT_ALLOWED;
    }
    if (s.resolvedAt == null || !now.isBefore(s.resolvedAt.plus(REOPEN_WITHIN))) {
      return Move.REOPEN_WINDOW_PASSED;
    }
    // From here the reopen must succeed.
    s.status = CaseStatus.WAITING_ON_AGENT;
    s.reopenCount = Math.addExact(s.reopenCount, 1);
    s.reopenedAt = now;
    s.resolvedAt = null;
    if (s.firstRepliedAt == null) {
      s.firstReplyDueAt = now.plus(t.reply());
    } else {
      s.nextReplyDueAt = now.plus(t.reply());
    }
    s.replyWarnAt = warnAt(now, t.reply());
    s.resolveDueAt = now.plus(t.resolve());
    s.resolveWarnAt = warnAt(now, t.resolve());
    s.slaState = OK;
    s.updatedAt = now;
    return Move.OK;
  }

  /**
   * An agent changes the priority: every running target becomes what it would have been had
   * the case been opened with it (start + new length + pauses), i.e. moves by the difference.
   */
  static Move changePriority(CaseState s, SlaPolicy policy, CasePriority to, Instant now) {
    if (s.status == CaseStatus.CLOSED) {
      return Move.CLOSED;
    }
    if (s.priority == to) {
      return Move.UNCHANGED;
    }
    // From here the change must succeed.
    SlaPolicy.Targets from = policy.of(s.priority);
    SlaPolicy.Targets next = policy.of(to);
    Duration replyDelta = next.reply().minus(from.reply());
    Duration resolveDelta = next.resolve().minus(from.resolve());
    if (s.firstRepliedAt == null) {
      s.firstReplyDueAt = s.firstReplyDueAt.plus(replyDelta);
    }
    if (s.nextReplyDueAt != null) {
      s.nextReplyDueAt = s.nextReplyDueAt.plus(replyDelta);
    }
    if (s.replyWarnAt != null) {
      s.replyWarnAt = s.replyWarnAt.plus(
          replyDelta.multipliedBy(SlaPolicy.WARN_PERCENT).dividedBy(100));
    }
    s.resolveDueAt = s.resolveDueAt.plus(resolveDelta);
    s.resolveWarnAt = s.resolveWarnAt.plus(
        resolveDelta.multipliedBy(SlaPolicy.WARN_PERCENT).dividedBy(100));
    s.priority = to;
    relax(s, now);
    s.updatedAt = now;
    return Move.OK;
  }

  /** The customer's 1-5 rating, once, after the case is resolved or closed. */
  static Move rate(CaseState s, int rating, String comment, Instant now) {
    if (rating < 1 || rating > 5) {
      throw new IllegalArgumentException("rating must be 1-5");
    }
    if (s.status != CaseStatus.RESOLVED && s.status != CaseStatus.CLOSED) {
      return Move.NOT_RATEABLE;
    }
    if (s.rating != null) {
      return Move.ALREADY_RATED;
    }
    s.rating = rating;
    s.ratingComment = comment;
    s.ratedAt = now;
    s.updatedAt = now;
    return Move.OK;
  }

  /** Statuses an agent may set with {@code changeStatus}. */
  static final Set<CaseStatus> AGENT_STATUSES = Set.of(CaseStatus.OPEN,
      CaseStatus.WAITING_ON_CUSTOMER, CaseStatus.WAITING_ON_AGENT, CaseStatus.RESOLVED,
      CaseStatus.CLOSED);
}
