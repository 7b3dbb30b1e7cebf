package org.okpay.payments;

import java.time.Instant;
import java.util.UUID;

/**
 * A user said their money has not arrived, from the transaction itself. The support module will
 * open a case from it; until then it is recorded with the transaction and shown in its tracker.
 */
public record PaymentComplaintFiled(UUID complaintId, UUID transactionId, UUID userId,
    String message, Instant at) {
}
