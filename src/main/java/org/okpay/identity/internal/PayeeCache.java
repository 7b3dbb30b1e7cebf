package org.okpay.identity.internal;

import java.time.Duration;
import java.util.UUID;
import org.okpay.identity.IdentityApi.Contact;
import org.okpay.shared.ChangeFeed;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Who can be paid at an e-mail address or a confirmed phone number, asked by every payment to
 * another user before its guards, answered from memory: the contact {@link
 * IdentityService#payableUser} found, keyed by the address as typed or the number in E.164.
 * Kept the way {@link SessionCache} keeps sessions: any change of a user's row, by any instance
 * or by hand, drops that user's entries everywhere (migration V45's trigger notifies at commit
 * through the {@link ChangeFeed}), this instance's own changes drop them once more right after
 * they commit, an entry is trusted for at most {@code okpay.identity.session-fresh-max} (5 s)
 * without a notice, and nothing is held while the feed is not live.
 *
 * <p>Only users found are held. An address nobody can be paid at is read every time, so a new
 * user, a newly verified address and a newly confirmed number are payable at once.
 */
@Component
class PayeeCache {

  /** About 0.3 KB each: at most some 3 MB of heap. */
  static final long ENTRIES_MAX = 10_000;

  private final UserEntries<Contact> held;

  PayeeCache(ChangeFeed feed, @Value("${okpay.identity.session-fresh-max:"
      + SessionCache.FRESH_MAX_DEFAULT + "}") Duration freshMax) {
    this.held = UserEntries.expiringAfter(feed, ENTRIES_MAX, freshMax, Contact::userId);
  }

  /** The generation to give {@link #keep}; read it before reading the database. */
  long generation() {
    return held.generation();
  }

  /** The payee held for this address or number; null when none (or the feed is not live). */
  Contact get(String key) {
    return held.get(key);
  }

  /** Holds {@code payee} unless a drop came after {@code readAt} (it may predate a change). */
  void keep(String key, Contact payee, long readAt) {
    held.keep(key, payee, readAt);
  }

  /** This instance changed the user's row: drops their entries now and after the commit. */
  void changedAfterCommit(UUID userId) {
    held.changedAfterCommit(userId);
  }
}
