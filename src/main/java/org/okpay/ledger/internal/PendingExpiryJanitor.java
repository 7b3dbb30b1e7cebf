package org.okpay.ledger.internal;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.okpay.ledger.TransferKind;
import org.okpay.ledger.TransferRequest;
import org.okpay.ledger.TransferResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import net.javacrumbs.shedlock.spring.annotation.SchedulerLock;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Voids holds whose timeout has passed, by writing an expire transfer through the normal write
 * path. The expire transfer's id is derived from the hold's, so two instances racing on the same
 * hold produce one expiry and one harmless "exists".
 */
@Component
class PendingExpiryJanitor {

  private static final Logger log = LoggerFactory.getLogger(PendingExpiryJanitor.class);

  private final JdbcClient jdbc;
  private final LedgerWriter writer;
  private final LedgerProperties properties;

  PendingExpiryJanitor(JdbcClient jdbc, LedgerWriter writer, LedgerProperties properties) {
    this.jdbc = jdbc;
    this.writer = writer;
    this.properties = properties;
  }

  @Scheduled(fixedDelayString = "${okpay.ledger.expiry-scan-interval:1s}")
  @SchedulerLock(name = "ledger.pending-expiry", lockAtMostFor = "PT1M")
  void scheduledRun() {
    try {
      expireDue();
    } catch (RuntimeException e) {
      log.warn("expiring holds failed; the next round tries again", e);
    }
  }

  /** Expires the holds due now; returns how many this round expired. */
  int expireDue() {
    List<UUID> due = jdbc.sql("""
        select pending_id from ledger.pending_timeouts
         where expires_at <= clock_timestamp()
         order by expires_at
         limit :limit
        """).param("limit", properties.expiryBatchMax()).query(UUID.class).list();
    List<CompletableFuture<List<TransferResult>>> results = due.stream()
        .map(id -> writer.submit(List.of(expire(id)), false))
        .toList();
    int expired = 0;
    for (CompletableFuture<List<TransferResult>> result : results) {
      if (result.join().getFirst().code() == org.okpay.ledger.TransferResultCode.OK) {
        expired++;
      }
    }
    return expired;
  }

  static TransferRequest expire(UUID pendingId) {
    return new TransferRequest(Uuids.named("expire:" + pendingId), TransferKind.EXPIRE_PENDING,
        0, 0, 0, null, pendingId, null, "expire", null, Map.of());
  }
}
