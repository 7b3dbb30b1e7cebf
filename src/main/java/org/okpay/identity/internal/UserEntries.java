package org.okpay.identity.internal;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.okpay.shared.ChangeFeed;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The entries of an in-memory cache that each belong to a user, and what keeps them true: a
 * notice on {@link SessionCache#CHANNEL} (migration V45's triggers send the user's id at the
 * commit of any change of their row or sessions, whoever made it) drops that user's entries; a
 * notice without a user, or the feed coming or going, drops all. This instance's own changes drop
 * them at once and again when the transaction ends ({@link #changedAfterCommit}). An entry read
 * from the database before a drop is not kept (the generation), and nothing is held or answered
 * while the feed is not live. How long an entry lives without a notice is the cache's own.
 *
 * @param <V> what is held
 */
final class UserEntries<V> {

  private final ChangeFeed feed;
  private final Cache<String, V> held;
  private final Function<V, UUID> owner;
  /** Bumped by every drop; an entry read from the database before a bump is not kept. */
  private final AtomicLong generation = new AtomicLong();

  /** @param owner the user an entry belongs to */
  UserEntries(ChangeFeed feed, Cache<String, V> held, Function<V, UUID> owner) {
    this.feed = feed;
    this.held = held;
    this.owner = owner;
    feed.subscribeWithPayload(SessionCache.CHANNEL, this::noticed);
  }

  /**
   * Entries trusted for at most {@code freshMax} after they were read, at most {@code max} of
   * them (the payee and payer caches; the session cache has its own expiry).
   */
  static <V> UserEntries<V> expiringAfter(ChangeFeed feed, long max, Duration freshMax,
      Function<V, UUID> owner) {
    return new UserEntries<>(feed,
        Caffeine.newBuilder().maximumSize(max).expireAfterWrite(freshMax).build(), owner);
  }

  /** The generation to give {@link #keep}; read it before reading the database. */
  long generation() {
    return generation.get();
  }

  /** What is held for {@code key}; null when nothing (or the feed is not live). */
  V get(String key) {
    return feed.live() ? held.getIfPresent(key) : null;
  }

  /**
   * Holds {@code entry} unless a drop came after {@code readAt} (it may have been read before
   * the change that dropped it).
   */
  void keep(String key, V entry, long readAt) {
    if (!feed.live() || generation.get() != readAt) {
      return;
    }
    held.put(key, entry);
    // A drop between the check and the put: it may have missed this entry; undo it.
    if (generation.get() != readAt) {
      held.invalidate(key);
    }
  }

  /**
   * This instance changed the user's row or sessions: drops their entries now and again when the
   * transaction (if any) has ended, so the next request here reads what was committed. The
   * trigger's notice tells the other instances.
   */
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
    held.asMap().values().removeIf(entry -> owner.apply(entry).equals(userId));
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
