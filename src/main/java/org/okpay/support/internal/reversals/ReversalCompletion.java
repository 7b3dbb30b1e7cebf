package org.okpay.support.internal.reversals;

import java.time.Clock;
import java.time.Instant;
import java.util.UUID;
import org.okpay.payments.PaymentTransaction;
import org.springframework.stereotype.Component;

/**
 * What the reversal transaction's completion writes besides the engine's row, in the engine's
 * local transaction: the request executed, its audit entry and the notices to both users. Only
 * the caller that moves the request to executed tells anyone, so a retried step tells once.
 */
@Component
class ReversalCompletion {

  private final ReversalStore store;
  private final ReversalAudit audit;
  private final ReversalNotices notices;
  private final Clock clock;

  ReversalCompletion(ReversalStore store, ReversalAudit audit, ReversalNotices notices,
      Clock clock) {
    this.store = store;
    this.audit = audit;
    this.notices = notices;
    this.clock = clock;
  }

  void executed(PaymentTransaction t, UUID reversalId) {
    Instant now = clock.instant();
    if (!store.executed(reversalId, t.id(), now)) {
      return;
    }
    notices.executed(t, reversalId);
    // Last: the append holds the audit chain's lock until this transaction ends.
    audit.system("support.reversal_executed", store.byId(reversalId).orElseThrow());
  }
}
