package org.okpay.support.internal.cases;

import java.time.Instant;
import java.util.UUID;

/**
 * A customer's "call me back" on a case.
 *
 * @param phone E.164, e.g. +8613800138000
 * @param state requested, done or canceled
 */
public record CaseCallback(UUID id, UUID caseId, String phone, Instant windowStart,
    Instant windowEnd, String state, Instant createdAt) {
}
