package org.okpay.payments;

import java.util.Optional;
import java.util.UUID;

/**
 * A transaction by its id alone, for staff work that starts from a transaction id an agent was
 * given (a reversal, a dispute): not scoped to a user, so only callers that let staff in may use
 * it. Customers read their transactions through {@link PaymentsApi#transaction}.
 */
public interface PaymentsStaffApi {

  /** The transaction row (owner, counterparty, amount, state); empty when there is none. */
  Optional<PaymentTransaction> transactionById(UUID transactionId);
}
