package org.okpay.merchants;

import java.time.Instant;
import java.util.UUID;

/**
 * A merchant did not answer a customer's refund request in time. The hook for disputes: the
 * support module will open a case from it when the customer escalates; until then the customer
 * is told they may contact support.
 */
public record RefundRequestExpired(UUID requestId, UUID merchantId, UUID customerId,
    UUID paymentTransactionId, long amountMinor, String currency, Instant at) {
}
