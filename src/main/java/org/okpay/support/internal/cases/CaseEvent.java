package org.okpay.support.internal.cases;

import java.time.Instant;
import java.util.UUID;

/**
 * One line of a case's history besides messages.
 *
 * @param kind opened, status, priority, assigned, sla_warning, sla_breached, escalated,
 *     reopened, rated, callback
 * @param actorType customer, agent or system
 */
public record CaseEvent(String kind, String actorType, UUID actorId, String from, String to,
    Instant at) {
}
