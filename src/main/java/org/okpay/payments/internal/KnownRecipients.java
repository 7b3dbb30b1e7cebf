package org.okpay.payments.internal;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.util.UUID;
import org.okpay.payments.PaymentTransaction;
import org.okpay.payments.TransactionState;
import org.springframework.stereotype.Component;

/**
 * The people each payer has paid, as this instance saw the payments complete, so the risk
 * check's "paid this recipient before" ({@link LimitUsage#paidBefore}) need not ask the
 * database for a recipient paid again. A completed payment of a type that cannot be returned
 * stays completed and its row is never deleted, so the database's answer for such a pair is yes
 * from that commit on, for good: holding it can never disagree with the database. A pair not
 * held here (another instance's payments, a bank account, a payment on its way, everything
 * before a restart or after an eviction) is asked of the database as before.
 */
@Component
class KnownRecipients {

  /** Pairs held at most; about 100 bytes each (the two ids are the payment's own objects). */
  static final int MAX = 50_000;

  private final OperationTypes types;
  private final Cache<Pair, Boolean> paid = Caffeine.newBuilder().maximumSize(MAX).build();

  KnownRecipients(OperationTypes types) {
    this.types = types;
  }

  /** True when this instance saw {@code payer} complete a payment to {@code recipient}. */
  boolean paid(UUID payer, UUID recipient) {
    return paid.getIfPresent(new Pair(payer, recipient)) != null;
  }

  /** After the commit of {@code t}: holds its pair when it completed for good. */
  void committed(PaymentTransaction t) {
    if (t.state() == TransactionState.COMPLETED && t.counterpartyUserId() != null
        && !types.of(t.operation()).returnable()) {
      paid.put(new Pair(t.userId(), t.counterpartyUserId()), Boolean.TRUE);
    }
  }

  private record Pair(UUID payer, UUID recipient) {
  }
}
