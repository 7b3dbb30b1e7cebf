package org.okpay.identity.internal;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.okpay.identity.IdentityApi.Contact;
import org.okpay.shared.ChangeFeed;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Who can be paid at an e-mail address or a confirmed phone number, asked by every payment to
 * another user before its guards, answered from memory: the contact {@link
 * IdentityService#payableUser} found, keyed by the address in lower case or the number in E.164.
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

  private final ChangeFeed feed;
  private final Cache<String, Contact> held;
  /** Bumped by every drop; an entry read from the database before a bump is not kept. */
  private final AtomicLong generation = new AtomicLong();

  PayeeCache(ChangeFeed feed, @Value("${okpay.identity.session-fresh-max:"
      + SessionCache.FRESH_MAX_DEFAULT + "}") Duration freshMax) {
    this.feed = feed;
    this.held = Caffeine.newBuilder().maximumSize(ENTRIES_MAX).expireAfterWrite(freshMax).build();
    feed.subscribeWithPayload(SessionCache.CHANNEL, this::noticed);
  }

  /** The generation to give {@link #keep}; read it before reading the database. */
  long generation() {
    return generation.get();
  }

  /** The payee held for this address or number; null when none (or the feed is not live). */
  Contact get(String key) {
    return feed.live() ? held.getIfPresent(key) : null;
  }

  /** Holds {@code payee} unless a drop came after {@code readAt} (it may predate a change). */
  void keep(String key, Contact payee, long readAt) {
    if (!feed.live() || generation.get() != readAt) {
      return;
    }
    held.put(key, payee);
    // A drop between the check and the put may have missed this entry: undo it.
    if (generation.get() != readAt) {
      held.invalidate(key);
    }
  }

  /** This instance changed the user's row: drops their entries now and after the commit. */
  void changedAfterCommit(UUID userId) {
    drop(userId);
    if (TransactionSynchronizationManager.isSynchronizationActive()) {
      TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
        @Override
        public void afterCompletion(int status) {
          drop(userId);
        }
      });
    }
  }

  void drop(UUID userId) {
    generation.incrementAndGet();
    held.asMap().values().removeIf(payee -> payee.userId().equals(userId));
  }

  void dropAll() {
    generation.incrementAndGet();
    held.invalidateAll();
  }

  /** A notice names the user; none (the feed came or went, a truncate) drops everything. */
  private void noticed(String payload) {
    if (payload == null || payload.isEmpty()) {
      dropAll();
      return;
    }
    try {
      drop(UUID.fromString(payload));
    } catch (IllegalArgumentException e) {
      dropAll();
    }
  }
}
