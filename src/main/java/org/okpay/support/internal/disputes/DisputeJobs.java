package org.okpay.support.internal.disputes;

import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.okpay.merchants.Access;
import org.okpay.merchants.ApiResource;
import org.okpay.merchants.MerchantCaller;
import org.okpay.merchants.MerchantEvent;
import org.okpay.merchants.RefundRequestExpired;
import org.okpay.merchants.RefundsApi;
import org.okpay.support.DisputesApi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.modulith.events.ApplicationModuleListener;
import net.javacrumbs.shedlock.spring.annotation.SchedulerLock;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * The deadline job (once cluster-wide: an instance runs it only while it holds the lease row,
 * taken by compare-and-set with the injected clock) and the listener that ends a dispute when
 * the merchant's refund of it succeeds.
 */
@Component
class DisputeJobs {

  private static final Logger log = LoggerFactory.getLogger(DisputeJobs.class);
  private static final Duration LEASE = Duration.ofMinutes(2);

  private final DisputesApi disputes;
  private final DisputeService service;
  private final DisputeStore store;
  private final RefundsApi refunds;
  private final DisputeNotices notices;
  private final Clock clock;
  private final String holder = ManagementFactory.getRuntimeMXBean().getName() + ":"
      + UUID.randomUUID();

  DisputeJobs(DisputesApi disputes, DisputeService service, DisputeStore store,
      RefundsApi refunds, DisputeNotices notices, Clock clock) {
    this.disputes = disputes;
    this.service = service;
    this.store = store;
    this.refunds = refunds;
    this.notices = notices;
    this.clock = clock;
  }

  /**
   * The merchant let a refund request expire: offer the customer a dispute (in-app and by
   * e-mail, once per request), with the refund request's payment filled in.
   */
  @ApplicationModuleListener
  void on(RefundRequestExpired expired) {
    if (store.openOnTransaction(expired.customerId(), expired.paymentTransactionId())
        .isPresent()) {
      return;
    }
    notices.tell(expired.customerId(), "refundRequestExpired", "/disputes/new?transaction="
        + expired.paymentTransactionId(),
        "refund-request:" + expired.requestId(),
        DisputeService.money(expired.amountMinor(), expired.currency()));
  }

  @Scheduled(initialDelayString = "${okpay.support.disputes.deadline-scan-interval:PT1M}",
      fixedDelayString = "${okpay.support.disputes.deadline-scan-interval:PT1M}")
  @SchedulerLock(name = "support.DisputeJobs.deadlines", lockAtMostFor = "PT10M")
  void deadlines() {
    Instant now = clock.instant();
    if (!store.lease(holder, now, now.plus(LEASE))) {
      return;
    }
    try {
      disputes.advanceDue(now);
    } catch (RuntimeException e) {
      log.warn("dispute deadlines failed; the next run tries again", e);
    } finally {
      store.release(holder);
    }
  }

  /** A refund succeeded: an open dispute on its payment may be over. Idempotent. */
  @ApplicationModuleListener
  void on(MerchantEvent event) {
    if (!"refund.succeeded".equals(event.type()) || event.objectId() == null) {
      return;
    }
    MerchantCaller system = new MerchantCaller(event.merchantId(), null, null,
        java.util.Map.of(ApiResource.REFUNDS, Access.READ));
    refunds.refund(system, event.objectId())
        .ifPresent(r -> service.refunded(event.merchantId(), r.paymentId()));
  }
}
