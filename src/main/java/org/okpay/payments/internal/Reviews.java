package org.okpay.payments.internal;

import java.time.Clock;
import java.util.List;
import java.util.UUID;
import org.okpay.payments.PaymentTransaction;
import org.okpay.payments.TrackerStep;
import org.okpay.payments.TransactionState;
import org.okpay.shared.ErrorCode;
import org.okpay.shared.OkPayException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/** Payments the risk checks held: an agent lets them go on or stops them. */
@Component
class Reviews {

  static final int LIST_MAX = 200;

  private final JdbcClient jdbc;
  private final TransactionStore store;
  private final Mover mover;
  private final PaymentNotices notices;
  private final TransactionTemplate tx;
  private final Clock clock;

  Reviews(JdbcClient jdbc, TransactionStore store, Mover mover, PaymentNotices notices,
      TransactionTemplate tx, Clock clock) {
    this.jdbc = jdbc;
    this.store = store;
    this.mover = mover;
    this.notices = notices;
    this.tx = tx;
    this.clock = clock;
  }

  /**
   * The held payments, the longest held first, from the work list (V50). A payment is held in
   * the transaction that records it, so the time it was held is when it was made.
   */
  List<PaymentTransaction> waiting() {
    return jdbc.sql("select " + TransactionStore.COLUMNS + """
         from payments.transactions
        where id in (select transaction_id from payments.work_list
                      where state = 'on_hold' order by updated_at limit :limit)
        order by created_at
        """).param("limit", LIST_MAX).query(store::row).list();
  }

  PaymentTransaction approve(UUID id, String by) {
    PaymentTransaction t = onHold(id);
    tx.executeWithoutResult(status -> {
      if (!store.move(id, TransactionState.ON_HOLD, TransactionState.CREATED, null,
          clock.instant())) {
        throw new OkPayException(ErrorCode.TRANSACTION_NOT_REVIEWABLE);
      }
      store.step(id, TrackerStep.REVIEW_APPROVED, by, clock.instant());
    });
    mover.start(t.withState(TransactionState.CREATED));
    return store.byId(id).orElseThrow();
  }

  PaymentTransaction reject(UUID id, String by) {
    PaymentTransaction t = onHold(id);
    tx.executeWithoutResult(status -> {
      if (!store.move(id, TransactionState.ON_HOLD, TransactionState.FAILED,
          ErrorCode.REVIEW_REJECTED.code(), clock.instant())) {
        throw new OkPayException(ErrorCode.TRANSACTION_NOT_REVIEWABLE);
      }
      store.step(id, TrackerStep.REVIEW_REJECTED, by, clock.instant());
      notices.failed(t, ErrorCode.REVIEW_REJECTED);
    });
    return store.byId(id).orElseThrow();
  }

  private PaymentTransaction onHold(UUID id) {
    PaymentTransaction t = store.byId(id).orElseThrow(() ->
        new OkPayException(ErrorCode.TRANSACTION_NOT_FOUND));
    if (t.state() != TransactionState.ON_HOLD) {
      throw new OkPayException(ErrorCode.TRANSACTION_NOT_REVIEWABLE);
    }
    return t;
  }
}
