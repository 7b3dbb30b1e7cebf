package org.okpay.payments.internal;

import java.util.Optional;
import java.util.UUID;
import org.okpay.payments.PaymentTransaction;
import org.okpay.payments.PaymentsStaffApi;
import org.springframework.stereotype.Component;

/** {@link PaymentsStaffApi}: the store's row as it is. */
@Component
class StaffTransactionLookup implements PaymentsStaffApi {

  private final TransactionStore store;

  StaffTransactionLookup(TransactionStore store) {
    this.store = store;
  }

  @Override
  public Optional<PaymentTransaction> transactionById(UUID transactionId) {
    return transactionId == null ? Optional.empty() : store.byId(transactionId);
  }
}
