package org.okpay.identity.internal;

import java.time.Duration;
import java.util.UUID;
import org.okpay.shared.ChangeFeed;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The payer's facts every payment's guards ask (frozen, two-factor on, the session's device;
 * {@link LoginHistoryStore#payerRead}), held per session, kept the way {@link SessionCache}
 * keeps sessions: a change of the user's row or sessions, or (V55) of whether their two-factor
 * sign-in is on, by any instance or by hand, drops the user's entries everywhere through the
 * trigger's notice; this instance's own changes drop them once more right after they commit; an
 * entry is trusted for at most {@code okpay.identity.session-fresh-max} (5 s); nothing is held
 * while the feed is not live.
 *
 * <p>Only settled facts are held ({@link LoginHistoryStore.PayerRead#settled}): a later sign-in
 * cannot change them. The new-device window is applied at each use, so a device stops being new
 * on time whatever was held.
 */
@Component
class PayerFactsCache {

  /** About 0.2 KB each: at most some 2 MB of heap. */
  static final long ENTRIES_MAX = 10_000;

  /** The facts of one session of {@code userId}. */
  record Held(UUID userId, LoginHistoryStore.PayerRead facts) {
  }

  private final UserEntries<Held> held;

  PayerFactsCache(ChangeFeed feed, @Value("${okpay.identity.session-fresh-max:"
      + SessionCache.FRESH_MAX_DEFAULT + "}") Duration freshMax) {
    this.held = UserEntries.expiringAfter(feed, ENTRIES_MAX, freshMax, Held::userId);
  }

  /** The generation to give {@link #keep}; read it before reading the database. */
  long generation() {
    return held.generation();
  }

  /** The facts held for the session of {@code userId}; null when none (or the feed is down). */
  LoginHistoryStore.PayerRead get(UUID userId, UUID sessionId) {
    Held entry = held.get(sessionId.toString());
    return entry != null && entry.userId().equals(userId) ? entry.facts() : null;
  }

  /** Holds settled {@code facts} unless a drop came after {@code readAt}. */
  void keep(UUID userId, UUID sessionId, LoginHistoryStore.PayerRead facts, long readAt) {
    if (facts.settled()) {
      held.keep(sessionId.toString(), new Held(userId, facts), readAt);
    }
  }

  /** This instance changed the user: drops their entries now and after the commit. */
  void changedAfterCommit(UUID userId) {
    held.changedAfterCommit(userId);
  }
}
