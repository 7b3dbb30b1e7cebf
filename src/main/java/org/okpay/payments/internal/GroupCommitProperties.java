package org.okpay.payments.internal;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Group commit of the request path's transactions ({@link Recorder}: the row, and for a payment
 * without a rail its ledger legs and completion too, see {@link Settler}; {@link Completer}: the
 * move to completed with its notices when the recorder did not settle it), as the ledger writer
 * does for transfers (docs/benchmarks.md, "Issue 14: group commit of the request path"). Each of
 * the two has its own queue and threads with these settings.
 *
 * @param record false records each payment in its own transaction, as before
 * @param complete false moves each payment without a rail to completed in its own transaction
 * @param settle true (with {@code record}) posts a payment without a rail to the ledger and
 *     records it completed in the recorder's transaction ({@link Settler}): one commit; false
 *     leaves that to the ledger writer and the completer, one commit each
 * @param batchMax most payments in one transaction
 * @param linger how long a thread waits for more payments before committing a small batch
 * @param queueCapacity payments waiting for a thread; a full queue refuses new ones at once
 *     ({@code 503 ledger_busy}, retryable, nothing written)
 * @param threads threads per application instance, each of the two. One by default: a recorder
 *     that settles payments holds their users' and accounts' locks to its commit, so two threads'
 *     batches mostly waited for each other (docs/benchmarks.md, "Issue 14 fifth pass")
 * @param submitTimeout how long a request waits for a thread to take its payment
 * @param retriesMax attempts of a batch that hit a deadlock or serialization failure, and of
 *     each of its payments when the batch failed otherwise and they are written one by one
 */
@ConfigurationProperties("okpay.payments.group-commit")
record GroupCommitProperties(
    @DefaultValue("true") boolean record,
    @DefaultValue("true") boolean complete,
    @DefaultValue("true") boolean settle,
    @DefaultValue("100") int batchMax,
    @DefaultValue("250us") Duration linger,
    @DefaultValue("5000") int queueCapacity,
    @DefaultValue("1") int threads,
    @DefaultValue("10s") Duration submitTimeout,
    @DefaultValue("3") int retriesMax) {

  GroupCommitProperties {
    if (batchMax < 1 || batchMax > 1_000) {
      throw new IllegalArgumentException("okpay.payments.group-commit.batch-max must be 1..1000");
    }
    if (queueCapacity < 1 || threads < 1 || threads > 16 || retriesMax < 1 || retriesMax > 10) {
      throw new IllegalArgumentException(
          "okpay.payments.group-commit queue-capacity, threads or retries-max out of range");
    }
  }
}
