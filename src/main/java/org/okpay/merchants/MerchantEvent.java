package org.okpay.merchants;

import java.time.Instant;
import java.util.UUID;

/**
 * Something a merchant may subscribe to by webhook, published with Spring's
 * {@code ApplicationEventPublisher} inside the transaction that made it happen, so the webhook
 * outbox row commits (or rolls back) with the change itself.
 *
 * @param id the event's id, the same across delivery retries (the {@code webhook-id} header);
 *     derive it from what happened (e.g. a name-based UUID of the object id and the type) so the
 *     same change published twice is one event
 * @param type e.g. {@code checkout.session.completed}, {@code refund.succeeded}
 * @param objectType e.g. {@code checkout.session}, {@code payment}, {@code refund}
 * @param status the object's status after the change, e.g. {@code complete}
 */
public record MerchantEvent(UUID id, UUID merchantId, String type, String objectType,
    UUID objectId, String status, Instant occurredAt) {
}
