package org.okpay.merchants;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A merchant's webhook endpoints and their delivery log (docs/webhooks.md). Every method is
 * scoped to the caller's merchant and checks the caller's {@code WEBHOOKS} scope (read to look,
 * write to change); another merchant's endpoint or delivery is "not found".
 */
public interface WebhooksApi {

  /** The event types an endpoint may subscribe to (issue 10's contract). */
  List<String> EVENT_TYPES = List.of(
      "checkout.session.completed", "checkout.session.expired",
      "payment.succeeded", "payment.failed",
      "refund_request.created", "refund_request.approved", "refund_request.rejected",
      "refund_request.expired",
      "refund.created", "refund.succeeded", "refund.failed",
      "dispute.created", "dispute.updated", "dispute.closed",
      "checkout.session.canceled",
      "payout.created", "payout.paid", "payout.failed");

  /** Deliveries one log page shows at most. */
  int DELIVERIES_LIMIT_MAX = 100;

  /**
   * @param secret the signing secret ({@code whsec_...}); null where the caller may only read
   * @param disabledReason null while enabled; {@code merchant} (turned off by the merchant),
   *     {@code gone} (the endpoint answered 410) or {@code failing} (three days of failures)
   * @param previousSecretExpiresAt after a rotation, until when the old secret signs too
   */
  record Endpoint(UUID id, String url, String description, List<String> enabledEvents,
      boolean enabled, String disabledReason, Instant disabledAt, String secret,
      Instant previousSecretExpiresAt, Instant createdAt) {
  }

  /** @param description optional, at most 200 characters */
  record NewEndpoint(String url, String description, List<String> enabledEvents) {
  }

  /** What to change; null fields stay as they are. */
  record EndpointChange(String url, String description, List<String> enabledEvents,
      Boolean enabled) {
  }

  /**
   * One event for one endpoint.
   *
   * @param status {@code pending}, {@code succeeded} or {@code failed}
   * @param nextAttemptAt when it is tried next while pending
   * @param attemptLog every attempt, newest first (only in {@link #delivery})
   */
  record Delivery(UUID id, UUID endpointId, UUID eventId, String eventType, String status,
      int attempts, Integer lastStatusCode, Instant createdAt, Instant nextAttemptAt,
      Instant finishedAt, String payload, List<Attempt> attemptLog) {
  }

  /**
   * @param statusCode the endpoint's HTTP status, null when there was no answer
   * @param response the first 1 KB of the answer's body
   * @param error why there was no answer (time-out, refused connection, private address)
   * @param nextAttemptAt when the delivery was scheduled next after this attempt; null if none
   */
  record Attempt(int attempt, Instant attemptedAt, Integer statusCode, long durationMs,
      String response, String error, Instant nextAttemptAt) {
  }

  List<Endpoint> endpoints(MerchantCaller caller);

  Endpoint endpoint(MerchantCaller caller, UUID endpointId);

  Endpoint create(MerchantCaller caller, NewEndpoint endpoint);

  Endpoint update(MerchantCaller caller, UUID endpointId, EndpointChange change);

  void delete(MerchantCaller caller, UUID endpointId);

  /** A new secret; the old one keeps signing for 24 hours. */
  Endpoint rotateSecret(MerchantCaller caller, UUID endpointId);

  /** The endpoint's deliveries, newest first; {@code before}: a delivery id to page from. */
  List<Delivery> deliveries(MerchantCaller caller, UUID endpointId, UUID before, int limit);

  Delivery delivery(MerchantCaller caller, UUID endpointId, UUID deliveryId);

  /** Sends the delivery again now (once more if it had finished). */
  Delivery resend(MerchantCaller caller, UUID endpointId, UUID deliveryId);
}
