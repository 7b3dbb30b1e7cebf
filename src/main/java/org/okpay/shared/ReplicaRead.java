package org.okpay.shared;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a service method that only reads, for display, so that it may be served by the read
 * replica when one is configured ({@code OKPAY_DB_REPLICA_URL}, docs/cluster.md "Read replica").
 * Without a replica it means nothing. The read still goes to the primary when the caller wrote
 * recently (read-your-writes), when the replica is down or further behind than
 * {@code okpay.db.replica.max-lag}, and when the method is called inside a transaction.
 *
 * <p>Never put it on a read that a decision about money depends on (balances for a payment,
 * limits, idempotency, maintenance gates): a replica may be a few seconds behind. A marked method
 * must not write; a write on the replica is refused by PostgreSQL and the call is run again on
 * the primary (and counted as {@code reason=write_refused}, a bug to fix).
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface ReplicaRead {

  /**
   * Whether a call whose replica connection failed midway may be run again on the primary. False
   * for a method that streams its answer while it reads (a CSV export): it fails instead of
   * writing its first lines twice.
   */
  boolean retryOnPrimary() default true;
}
