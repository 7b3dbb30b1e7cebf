package org.okpay.support.internal.cases;

import java.time.Instant;
import java.util.UUID;

/**
 * One message of a case's thread.
 *
 * @param authorType customer, agent or system
 * @param authorId the customer's or agent's user id; null for the system or a signed-out sender
 * @param internal an agent's note, never shown to the customer
 * @param via web, email, phone, api or system
 * @param emailMessageId the Message-ID of the e-mail it came in, or null
 */
public record CaseMessage(UUID id, UUID caseId, String authorType, UUID authorId, String body,
    boolean internal, String via, String emailMessageId, Instant createdAt) {
}
