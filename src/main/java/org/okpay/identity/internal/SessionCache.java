package org.okpay.identity.internal;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.UUID;
import org.okpay.identity.CurrentUser;
import org.okpay.shared.ChangeFeed;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The signed-in user of a session secret, asked by every authenticated request, answered from
 * memory: what {@link IdentityService#authenticate} read of the session and its user, keyed by
 * the secret's SHA-256 (never the secret), trusted for at most {@code
 * okpay.identity.session-fresh-max} (5 s) and never past the session's own expiry. Any change
 * that could end a session or alter its user, by any instance or by hand, drops that user's
 * entries everywhere: the triggers of migration V45 notify at commit through the {@link
 * ChangeFeed}, and this instance's own changes drop them once more right after they commit, so
 * the next request here sees them without waiting for the notice.
 *
 * <p>What can be stale, and for how long: a session revoked (or a user changed) on another
 * instance or by hand is still accepted here until the notice arrives, milliseconds after the
 * commit, and at most the freshness limit if the feed's connection died unnoticed. While the
 * feed is not live nothing is held and every request reads the database, as before the cache.
 */
@Component
class SessionCache {

  static final String CHANNEL = "okpay_identity_sessions";
  static final String FRESH_MAX_DEFAULT = "5s";
  /** About 0.5 KB each: at most some 5 MB of heap. Beyond it the least useful entries go. */
  static final long ENTRIES_MAX = 10_000;

  /**
   * What a request needs of a live session and its user; no password hash, no secret.
   *
   * @param user the request's user, with its session's id
   */
  record Held(CurrentUser user, Instant lastSeenAt, int idleTimeoutSeconds, Instant expiresAt) {

    static Held of(CurrentUser user, SessionStore.SessionRow session) {
      return new Held(user, session.lastSeenAt(), session.idleTimeoutSeconds(),
          session.expiresAt());
    }

    boolean liveAt(Instant now) {
      return now.isBefore(expiresAt) && now.isBefore(lastSeenAt.plusSeconds(idleTimeoutSeconds));
    }

    Held seenAt(Instant now) {
      return new Held(user, now, idleTimeoutSeconds, expiresAt);
    }
  }

  private final Clock clock;
  private final UserEntries<Held> held;

  /**
   * @param freshMax {@code okpay.identity.session-fresh-max}: how long an entry is used without
   *     a notice (the bound on staleness if the feed's connection died unnoticed)
   */
  SessionCache(ChangeFeed feed, Clock clock,
      @Value("${okpay.identity.session-fresh-max:" + FRESH_MAX_DEFAULT + "}") Duration freshMax) {
    if (freshMax.isNegative()) {
      throw new IllegalArgumentException("okpay.identity.session-fresh-max must not be negative");
    }
    this.clock = clock;
    Cache<String, Held> cache = Caffeine.newBuilder().maximumSize(ENTRIES_MAX)
        .expireAfter(new UntilStale(freshMax)).build();
    this.held = new UserEntries<>(feed, cache, entry -> entry.user().userId());
  }

  /** The generation to give {@link #keep}; read it before reading the database. */
  long generation() {
    return held.generation();
  }

  /** What is held for this secret's hash; null when nothing (or the feed is not live). */
  Held get(byte[] tokenHash) {
    return held.get(key(tokenHash));
  }

  /**
   * Holds {@code entry} unless a drop came after {@code readAt} (it may have been read before
   * the change that dropped it). Replacing an entry keeps its original staleness deadline.
   */
  void keep(byte[] tokenHash, Held entry, long readAt) {
    held.keep(key(tokenHash), entry, readAt);
  }

  /**
   * This instance changed the user's sessions or row: drops their entries now and again when
   * the transaction (if any) has ended, so the next request here reads what was committed. The
   * trigger's notice tells the other instances.
   */
  void changedAfterCommit(UUID userId) {
    held.changedAfterCommit(userId);
  }

  private static String key(byte[] tokenHash) {
    return HexFormat.of().formatHex(tokenHash);
  }

  /** An entry goes at the session's expiry or after the freshness limit, whichever is first. */
  private final class UntilStale implements Expiry<String, Held> {

    private final long freshMaxNanos;

    UntilStale(Duration freshMax) {
      this.freshMaxNanos = freshMax.toNanos();
    }

    @Override
    public long expireAfterCreate(String key, Held entry, long currentTime) {
      Duration untilExpiry = Duration.between(clock.instant(), entry.expiresAt());
      if (untilExpiry.isNegative()) {
        return 0;
      }
      return untilExpiry.toNanos() < freshMaxNanos ? untilExpiry.toNanos() : freshMaxNanos;
    }

    @Override
    public long expireAfterUpdate(String key, Held entry, long currentTime,
        long currentDuration) {
      return Math.min(currentDuration, expireAfterCreate(key, entry, currentTime));
    }

    @Override
    public long expireAfterRead(String key, Held entry, long currentTime, long currentDuration) {
      return currentDuration;
    }
  }
}
