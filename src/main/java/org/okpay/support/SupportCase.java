package org.okpay.support;

import java.time.Instant;
import java.util.UUID;

/**
 * A case as its customer and the agents see it.
 *
 * @param reference the short number the customer quotes and e-mail subjects carry, e.g.
 *     {@code C-20261207-4F2K}
 * @param answerBy when the customer will hear from us at the latest (the first-reply target
 *     until the first reply, then the next-reply target after each customer message); null
 *     while paused (waiting on the customer) or when resolved or closed
 * @param resolveBy the resolution target, shifted by every pause; null when resolved or closed
 * @param pausedSince when the clocks stopped (waiting on the customer), null while they run
 * @param sla {@code ok}, {@code warning} (80 % of a target used) or {@code breached}
 * @param rating the customer's 1-5 rating after close, null if none
 */
public record SupportCase(UUID id, String reference, UUID customerId, String contactEmail,
    CaseCategory category, CasePriority priority, CaseStatus status, String subject,
    CaseLink link, Instant openedAt, Instant answerBy, Instant resolveBy, Instant pausedSince,
    String sla, Integer rating, Instant updatedAt) {
}
