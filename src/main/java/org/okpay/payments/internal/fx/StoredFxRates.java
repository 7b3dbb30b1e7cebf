package org.okpay.payments.internal.fx;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.Currency;
import java.util.Optional;
import org.okpay.payments.FxRateProvider;

/**
 * The default {@link FxRateProvider}: the operator's newest table from the database, else the
 * bundled one. A table is read at most every {@link #REFRESH} per instance, so a public rates
 * page does not query for every pair; the instance that stores a new table sees it at once,
 * other instances within {@link #REFRESH}. Not a component: {@link FxConfiguration} declares it
 * as a fallback that any other provider bean replaces.
 */
class StoredFxRates implements FxRateProvider {

  static final Duration REFRESH = Duration.ofSeconds(2);

  private final RateTableStore store;
  private final RateTable bundled;
  private volatile Cached cached;

  private record Cached(RateTable table, long loadedAtNanos) {
  }

  StoredFxRates(RateTableStore store, RateTable bundled) {
    this.store = store;
    this.bundled = bundled;
  }

  @Override
  public Optional<BigDecimal> rate(Currency source, Currency target) {
    return table().rate(source, target);
  }

  @Override
  public Instant asOf() {
    return table().asOf();
  }

  /** The table in force now, operator's or bundled. */
  RateTable table() {
    Cached c = cached;
    long now = System.nanoTime();
    if (c == null || now - c.loadedAtNanos() > REFRESH.toNanos()) {
      c = new Cached(store.latest().orElse(bundled), now);
      cached = c;
    }
    return c.table();
  }

  /** Stores an operator's table and uses it from now on. */
  void replace(RateTable table, String setBy) {
    store.save(table, setBy);
    cached = null;
  }
}
