package org.okpay.ledger.internal;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Tuning of the batched write path.
 *
 * @param batchMax most transfers in one database transaction
 * @param linger how long a writer waits for more transfers before committing a small batch. Short
 *     on purpose: while one writer is in the database the next batch fills by itself, so a long
 *     linger only adds latency; 2 ms halved throughput with 32 waiting callers, 250 us catches
 *     the callers answered by the previous commit (docs/benchmarks.md)
 * @param queueCapacity submissions waiting for a writer; a full queue refuses new ones at once
 * @param writers writer threads per application instance
 * @param submitTimeout how long a caller waits for its committed result
 * @param retriesMax attempts of a batch that hit a deadlock, serialization or duplicate-id race
 * @param expiryBatchMax holds expired per janitor round
 */
@ConfigurationProperties("okpay.ledger")
record LedgerProperties(
    @DefaultValue("200") int batchMax,
    @DefaultValue("250us") Duration linger,
    @DefaultValue("20000") int queueCapacity,
    @DefaultValue("2") int writers,
    @DefaultValue("10s") Duration submitTimeout,
    @DefaultValue("5") int retriesMax,
    @DefaultValue("500") int expiryBatchMax) {

  LedgerProperties {
    if (batchMax < 1 || batchMax > 10_000) {
      throw new IllegalArgumentException("okpay.ledger.batch-max must be 1..10000");
    }
    if (queueCapacity < 1 || writers < 1 || writers > 64 || retriesMax < 1 || retriesMax > 20) {
      throw new IllegalArgumentException("okpay.ledger queue-capacity, writers or retries-max out of range");
    }
  }
}
