package org.okpay.merchants;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * What the support module needs to know about a customer's merchant payment to open a dispute
 * on it. Scoped to the payer: another customer's payment is empty.
 */
public interface DisputablePayments {

  /**
   * @param status {@code succeeded} or {@code failed}
   * @param refundedMinor reserved by pending and succeeded refunds
   * @param ownerUserId the merchant's owner, who is told about disputes
   */
  record PaidByCustomer(UUID paymentId, UUID transactionId, UUID merchantId,
      String merchantName, UUID ownerUserId, String status, long amountMinor,
      long refundedMinor, String currency, Instant createdAt) {
  }

  /** The customer's merchant payment made with {@code transactionId}; empty when not theirs. */
  Optional<PaidByCustomer> ofPayer(UUID customerId, UUID transactionId);

  /** The merchant's business name and owner, empty for an unknown merchant. */
  Optional<PaidByCustomer> ofMerchantPayment(UUID merchantId, UUID paymentId);
}
