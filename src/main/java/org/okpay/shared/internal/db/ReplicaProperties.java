package org.okpay.shared.internal.db;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The read replica (docs/cluster.md "Read replica"). Blank {@code url}: no replica, nothing
 * changes.
 *
 * @param url JDBC URL of a hot standby of the primary ({@code OKPAY_DB_REPLICA_URL})
 * @param poolSize connections in the replica's own pool
 * @param connectionTimeout longest wait for a replica connection before the read goes to the
 *     primary instead (short: a replica that is down must not slow reads much)
 * @param checkInterval how often the replica's replay position and the primary's WAL position
 *     are read (one small query each); reads use the last answer
 * @param maxLag a replica further behind than this serves nothing: every read goes to the
 *     primary until it has caught up
 * @param readYourWritesWindow how long after a user's write that user's reads may need the
 *     primary; longer than maxLag + checkInterval, so that a write is replayed by the time its
 *     marker is forgotten
 * @param markersMax users with a recent write remembered per instance (bounded memory); beyond
 *     it every read goes to the primary for one window
 */
@ConfigurationProperties("okpay.db.replica")
record ReplicaProperties(
    String url,
    String username,
    String password,
    @DefaultValue("10") int poolSize,
    @DefaultValue("500ms") Duration connectionTimeout,
    @DefaultValue("200ms") Duration checkInterval,
    @DefaultValue("5s") Duration maxLag,
    @DefaultValue("30s") Duration readYourWritesWindow,
    @DefaultValue("100000") int markersMax) {

  ReplicaProperties {
    if (poolSize < 1 || poolSize > 1000) {
      throw new IllegalArgumentException("okpay.db.replica.pool-size must be 1..1000");
    }
    if (connectionTimeout.toMillis() < 250) {
      throw new IllegalArgumentException("okpay.db.replica.connection-timeout must be >= 250ms");
    }
    if (checkInterval.toMillis() < 10 || checkInterval.compareTo(Duration.ofSeconds(10)) > 0) {
      throw new IllegalArgumentException("okpay.db.replica.check-interval must be 10ms..10s");
    }
    if (readYourWritesWindow.compareTo(maxLag.plus(checkInterval).plus(checkInterval)) <= 0) {
      throw new IllegalArgumentException("okpay.db.replica.read-your-writes-window must be "
          + "longer than max-lag + 2 x check-interval, or a write could be forgotten before "
          + "the replica has it");
    }
    if (markersMax < 1) {
      throw new IllegalArgumentException("okpay.db.replica.markers-max must be positive");
    }
  }
}
