package org.okpay.merchants.internal.webhooks;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.okpay.merchants.MerchantEvent;
import org.okpay.merchants.WebhooksApi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import tools.jackson.databind.json.JsonMapper;

/**
 * Turns a {@link MerchantEvent} into outbox rows, synchronously and inside the publisher's
 * transaction: the webhook commits with the change that caused it, or not at all. One row per
 * enabled endpoint of the merchant subscribed to the type; the same event published twice (same
 * id) is one delivery per endpoint. The body is fixed here, once: the thin payload
 * {@code {id, type, created, data: {object, id, status}}}, the same bytes on every attempt.
 */
@Component
class WebhookOutbox {

  private static final Logger log = LoggerFactory.getLogger(WebhookOutbox.class);

  private final DeliveryStore deliveries;
  private final WebhookDispatcher dispatcher;
  private final JsonMapper json;
  private final Clock clock;
  private final Counter enqueued;
  private final Counter unknownTypes;

  WebhookOutbox(DeliveryStore deliveries, WebhookDispatcher dispatcher, JsonMapper json,
      Clock clock, MeterRegistry meters) {
    this.deliveries = deliveries;
    this.dispatcher = dispatcher;
    this.json = json;
    this.clock = clock;
    this.enqueued = Counter.builder("okpay.merchants.webhooks.enqueued")
        .description("webhook deliveries written to the outbox").register(meters);
    this.unknownTypes = Counter.builder("okpay.merchants.webhooks.unknown_types")
        .description("merchant events of a type no endpoint can subscribe to").register(meters);
  }

  @EventListener
  void on(MerchantEvent event) {
    Objects.requireNonNull(event.id(), "event id");
    Objects.requireNonNull(event.merchantId(), "merchant id");
    if (!WebhooksApi.EVENT_TYPES.contains(event.type())) {
      // A publisher's mistake; the change itself must not fail for its webhook's sake.
      log.error("merchant event {} has type {}, which is not a webhook event type; not sent",
          event.id(), event.type());
      unknownTypes.increment();
      return;
    }
    int rows = deliveries.enqueue(event.merchantId(), event.id(), event.type(), payload(event),
        clock.instant());
    if (rows == 0) {
      return;
    }
    enqueued.increment(rows);
    if (TransactionSynchronizationManager.isSynchronizationActive()) {
      TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
        @Override
        public void afterCommit() {
          dispatcher.wake();
        }
      });
    } else {
      dispatcher.wake();
    }
  }

  String payload(MerchantEvent event) {
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("object", event.objectType());
    data.put("id", event.objectId() == null ? null : event.objectId().toString());
    data.put("status", event.status());
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("id", event.id().toString());
    body.put("type", event.type());
    body.put("created", DateTimeFormatter.ISO_INSTANT.format(
        event.occurredAt() == null ? clock.instant() : event.occurredAt()));
    body.put("data", data);
    return json.writeValueAsString(body);
  }
}
