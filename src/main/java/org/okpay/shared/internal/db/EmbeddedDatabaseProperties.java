package org.okpay.shared.internal.db;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the embedded PostgreSQL.
 *
 * @param dataDir folder that keeps the data between runs; blank for a temporary database
 * @param port TCP port, 0 for any free port
 * @param poolSize connections in the application's pool
 * @param durable fsync, full-page writes and synchronous commit on (the default: the data folder
 *     is real data); only the test suite turns it off, for speed
 * @param connectionTimeout longest wait for a pooled connection before a request answers
 *     503 database_unavailable (a plain number is milliseconds)
 */
@ConfigurationProperties("okpay.embedded-db")
record EmbeddedDatabaseProperties(
    @DefaultValue("data/postgres") String dataDir,
    @DefaultValue("0") int port,
    @DefaultValue("20") int poolSize,
    @DefaultValue("true") boolean durable,
    @DefaultValue("2500ms") java.time.Duration connectionTimeout) {
}
