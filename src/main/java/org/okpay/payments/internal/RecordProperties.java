package org.okpay.payments.internal;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Tuning of the request path's group commit ({@link Recorder}): the rows of concurrent payments
 * are recorded by a few recorder threads, many per transaction, as the ledger writer does for
 * transfers (docs/benchmarks.md, "Issue 14: group commit of the request path").
 *
 * @param groupCommit false records each payment in its own transaction, as before
 * @param batchMax most payments recorded in one transaction
 * @param linger how long a recorder waits for more payments before committing a small batch
 * @param queueCapacity payments waiting for a recorder; a full queue refuses new ones at once
 *     ({@code 503 ledger_busy}, retryable, nothing recorded)
 * @param recorders recorder threads per application instance
 * @param submitTimeout how long a request waits for its payment to be recorded
 * @param retriesMax attempts of a batch that hit a deadlock or serialization failure, and of
 *     each of its payments when the batch failed otherwise and they are recorded one by one
 */
@ConfigurationProperties("okpay.payments.record")
record RecordProperties(
    @DefaultValue("true") boolean groupCommit,
    @DefaultValue("100") int batchMax,
    @DefaultValue("250us") Duration linger,
    @DefaultValue("5000") int queueCapacity,
    @DefaultValue("2") int recorders,
    @DefaultValue("10s") Duration submitTimeout,
    @DefaultValue("3") int retriesMax) {

  RecordProperties {
    if (batchMax < 1 || batchMax > 1_000) {
      throw new IllegalArgumentException("okpay.payments.record.batch-max must be 1..1000");
    }
    if (queueCapacity < 1 || recorders < 1 || recorders > 16 || retriesMax < 1
        || retriesMax > 10) {
      throw new IllegalArgumentException(
          "okpay.payments.record queue-capacity, recorders or retries-max out of range");
    }
  }
}
