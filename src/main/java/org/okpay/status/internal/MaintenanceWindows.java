package org.okpay.status.internal;

import static org.okpay.status.internal.Rows.components;
import static org.okpay.status.internal.Rows.instant;
import static org.okpay.status.internal.Rows.utc;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.okpay.shared.ChangeFeed;
import org.okpay.status.StatusApi.Maintenance;
import org.okpay.status.StatusComponent;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * "Is this component under maintenance now?", asked by every API request and every payment,
 * answered from memory: the windows that have not ended, loaded at most every
 * {@code okpay.status.maintenance-fresh-max} (5 s) and dropped the moment any instance (or an
 * operator's SQL) changes the table, through the table's trigger (migration V43) and the
 * {@link ChangeFeed}. A window still starts and ends on time everywhere, as its times are
 * compared with the clock on each call.
 *
 * <p>What can be stale, and for how long: a window scheduled on another instance or by hand
 * starts gating this instance when its notice arrives (milliseconds after the commit; at most
 * that 5 s if the feed's connection died unnoticed). A refusal is always confirmed by the
 * database, so a window just deleted never refuses anyone. While the feed is not live every
 * call reads the database, as before the cache.
 */
@Component
class MaintenanceWindows {

  static final String CHANNEL = "okpay_status_maintenance";
  static final String FRESH_MAX_DEFAULT = "5s";
  /** More windows not yet ended than this and the cache stands aside. */
  static final int CACHED_MAX = 1_000;

  private final JdbcClient jdbc;
  private final ChangeFeed feed;
  private final Duration freshMax;
  /** Bumped by every change notice; a load started before a bump is not kept. */
  private final AtomicLong generation = new AtomicLong();
  private volatile Loaded loaded;

  private record Loaded(long generation, Instant asOf, long loadedNanos,
      List<Maintenance> notEnded) {
  }

  /**
   * @param freshMax {@code okpay.status.maintenance-fresh-max}: how long a load is used without
   *     a notice (the bound on staleness if the feed's connection died unnoticed)
   */
  MaintenanceWindows(JdbcClient jdbc, ChangeFeed feed,
      @Value("${okpay.status.maintenance-fresh-max:" + FRESH_MAX_DEFAULT + "}")
      Duration freshMax) {
    this.jdbc = jdbc;
    this.feed = feed;
    this.freshMax = freshMax;
    feed.subscribe(CHANNEL, this::changed);
  }

  /** Drops what is held; called on a notice and by this instance right after its own change. */
  void changed() {
    generation.incrementAndGet();
    loaded = null;
  }

  /** The window in force for the component at {@code now}, the one ending last if several. */
  Optional<Maintenance> inForce(StatusComponent component, Instant now) {
    Loaded held = held(now);
    if (held == null) {
      return fromDatabase(component, now);
    }
    boolean gated = held.notEnded().stream().anyMatch(w -> covers(w, component, now));
    return gated ? fromDatabase(component, now) : Optional.empty();
  }

  private static boolean covers(Maintenance w, StatusComponent component, Instant now) {
    return !w.startsAt().isAfter(now) && w.endsAt().isAfter(now)
        && w.components().contains(component);
  }

  /** The windows not ended at {@code now}, held or loaded; null when the cache stands aside. */
  private Loaded held(Instant now) {
    if (!feed.live()) {
      return null;
    }
    long at = generation.get();
    Loaded held = loaded;
    if (held != null && held.generation() == at && !now.isBefore(held.asOf())
        && System.nanoTime() - held.loadedNanos() < freshMax.toNanos()) {
      return held;
    }
    List<Maintenance> rows = jdbc.sql("""
        select * from status.maintenance_windows where ends_at > :now
         order by ends_at desc limit :limit
        """).param("now", utc(now)).param("limit", CACHED_MAX + 1)
        .query(MaintenanceWindows::maintenance).list();
    if (rows.size() > CACHED_MAX) {
      return null;
    }
    Loaded fresh = new Loaded(at, now, System.nanoTime(), List.copyOf(rows));
    if (feed.live() && generation.get() == at) {
      loaded = fresh;
    }
    return fresh;
  }

  private Optional<Maintenance> fromDatabase(StatusComponent component, Instant now) {
    return jdbc.sql("""
        select * from status.maintenance_windows
         where starts_at <= :now and ends_at > :now and :component = any(components)
         order by ends_at desc limit 1
        """).param("now", utc(now)).param("component", component.key())
        .query(MaintenanceWindows::maintenance).optional();
  }

  static Maintenance maintenance(java.sql.ResultSet rs, int n) throws java.sql.SQLException {
    return new Maintenance(rs.getObject("id", UUID.class), rs.getString("title"),
        components(rs.getArray("components")), instant(rs, "starts_at"), instant(rs, "ends_at"));
  }
}
