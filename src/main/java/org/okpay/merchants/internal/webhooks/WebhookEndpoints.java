package org.okpay.merchants.internal.webhooks;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.okpay.merchants.Access;
import org.okpay.merchants.ApiResource;
import org.okpay.merchants.MerchantCaller;
import org.okpay.merchants.WebhooksApi;
import org.okpay.merchants.internal.webhooks.EndpointStore.EndpointRow;
import org.okpay.shared.ErrorCode;
import org.okpay.shared.FieldErrors;
import org.okpay.shared.OkPayException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * A merchant's endpoints and delivery log, for the merchant API and the dashboard. Each call
 * first checks the caller's webhooks scope, then touches only rows of the caller's merchant:
 * another merchant's endpoint is "not found". The secret is shown to callers that may write.
 */
@Service
class WebhookEndpoints implements WebhooksApi {

  static final int DESCRIPTION_CHARS_MAX = 200;

  private final EndpointStore endpoints;
  private final DeliveryStore deliveries;
  private final TargetGuard guard;
  private final WebhookDispatcher dispatcher;
  private final WebhooksProperties properties;
  private final Clock clock;

  WebhookEndpoints(EndpointStore endpoints, DeliveryStore deliveries, TargetGuard guard,
      WebhookDispatcher dispatcher, WebhooksProperties properties, Clock clock) {
    this.endpoints = endpoints;
    this.deliveries = deliveries;
    this.guard = guard;
    this.dispatcher = dispatcher;
    this.properties = properties;
    this.clock = clock;
  }

  @Override
  @Transactional(readOnly = true)
  public List<Endpoint> endpoints(MerchantCaller caller) {
    caller.require(ApiResource.WEBHOOKS, Access.READ);
    return endpoints.byMerchant(caller.merchantId()).stream().map(e -> view(caller, e)).toList();
  }

  @Override
  @Transactional(readOnly = true)
  public Endpoint endpoint(MerchantCaller caller, UUID endpointId) {
    caller.require(ApiResource.WEBHOOKS, Access.READ);
    return view(caller, existing(caller, endpointId));
  }

  @Override
  @Transactional
  public Endpoint create(MerchantCaller caller, NewEndpoint endpoint) {
    caller.require(ApiResource.WEBHOOKS, Access.WRITE);
    if (endpoint == null) {
      throw FieldErrors.invalid("url", FieldErrors.REQUIRED);
    }
    List<String> types = eventTypes(endpoint.enabledEvents());
    String description = description(endpoint.description());
    String url = guard.check(endpoint.url()).toString();
    endpoints.lockMerchant(caller.merchantId());
    if (endpoints.count(caller.merchantId()) >= properties.endpointsMax()) {
      throw new OkPayException(ErrorCode.WEBHOOK_ENDPOINTS_FULL);
    }
    Instant now = now();
    EndpointRow row = new EndpointRow(UUID.randomUUID(), caller.merchantId(), url, description,
        types, WebhookSigner.newSecret(), null, null, true, null, null, null, now);
    endpoints.insert(row);
    return view(caller, row);
  }

  @Override
  @Transactional
  public Endpoint update(MerchantCaller caller, UUID endpointId, EndpointChange change) {
    caller.require(ApiResource.WEBHOOKS, Access.WRITE);
    EndpointRow row = endpoints.lock(caller.merchantId(), endpointId)
        .orElseThrow(() -> new OkPayException(ErrorCode.WEBHOOK_ENDPOINT_NOT_FOUND));
    if (change == null) {
      return view(caller, row);
    }
    String url = change.url() == null ? row.url() : guard.check(change.url()).toString();
    String description = change.description() == null ? row.description()
        : description(change.description());
    List<String> types = change.enabledEvents() == null ? row.eventTypes()
        : eventTypes(change.enabledEvents());
    boolean enabled = change.enabled() == null ? row.enabled() : change.enabled();
    String reason = enabled ? null
        : change.enabled() == null ? row.disabledReason()
        : row.enabled() ? "merchant" : row.disabledReason();
    endpoints.update(caller.merchantId(), endpointId, url, description, types, enabled, reason,
        now());
    if (enabled && !row.enabled()) {
      wakeAfterCommit(); // its waiting deliveries are due again
    }
    return view(caller, existing(caller, endpointId));
  }

  @Override
  @Transactional
  public void delete(MerchantCaller caller, UUID endpointId) {
    caller.require(ApiResource.WEBHOOKS, Access.WRITE);
    if (!endpoints.delete(caller.merchantId(), endpointId)) {
      throw new OkPayException(ErrorCode.WEBHOOK_ENDPOINT_NOT_FOUND);
    }
  }

  @Override
  @Transactional
  public Endpoint rotateSecret(MerchantCaller caller, UUID endpointId) {
    caller.require(ApiResource.WEBHOOKS, Access.WRITE);
    endpoints.lock(caller.merchantId(), endpointId)
        .orElseThrow(() -> new OkPayException(ErrorCode.WEBHOOK_ENDPOINT_NOT_FOUND));
    Instant now = now();
    endpoints.rotate(caller.merchantId(), endpointId, WebhookSigner.newSecret(),
        now.plus(properties.rotationOverlap()), now);
    return view(caller, existing(caller, endpointId));
  }

  @Override
  @Transactional(readOnly = true)
  public List<Delivery> deliveries(MerchantCaller caller, UUID endpointId, UUID before,
      int limit) {
    caller.require(ApiResource.WEBHOOKS, Access.READ);
    if (limit < 1 || limit > DELIVERIES_LIMIT_MAX) {
      throw FieldErrors.invalid("limit", FieldErrors.OUT_OF_RANGE);
    }
    existing(caller, endpointId);
    return deliveries.page(caller.merchantId(), endpointId, before, limit);
  }

  @Override
  @Transactional(readOnly = true)
  public Delivery delivery(MerchantCaller caller, UUID endpointId, UUID deliveryId) {
    caller.require(ApiResource.WEBHOOKS, Access.READ);
    return deliveries.find(caller.merchantId(), endpointId, deliveryId)
        .orElseThrow(() -> new OkPayException(ErrorCode.WEBHOOK_DELIVERY_NOT_FOUND));
  }

  @Override
  @Transactional
  public Delivery resend(MerchantCaller caller, UUID endpointId, UUID deliveryId) {
    caller.require(ApiResource.WEBHOOKS, Access.WRITE);
    EndpointRow endpoint = existing(caller, endpointId);
    if (!endpoint.enabled()) {
      throw new OkPayException(ErrorCode.WEBHOOK_ENDPOINT_DISABLED);
    }
    deliveries.resend(caller.merchantId(), endpointId, deliveryId, now())
        .orElseThrow(() -> new OkPayException(ErrorCode.WEBHOOK_DELIVERY_NOT_FOUND));
    wakeAfterCommit();
    return delivery(caller, endpointId, deliveryId);
  }

  private EndpointRow existing(MerchantCaller caller, UUID endpointId) {
    return endpoints.find(caller.merchantId(), endpointId)
        .orElseThrow(() -> new OkPayException(ErrorCode.WEBHOOK_ENDPOINT_NOT_FOUND));
  }

  private Endpoint view(MerchantCaller caller, EndpointRow row) {
    boolean mayWrite = caller.allows(ApiResource.WEBHOOKS, Access.WRITE);
    Instant now = now();
    Instant previousUntil = row.previousSecret() != null
        && row.previousSecretExpiresAt().isAfter(now) ? row.previousSecretExpiresAt() : null;
    return new Endpoint(row.id(), row.url(), row.description(), row.eventTypes(), row.enabled(),
        row.disabledReason(), row.disabledAt(), mayWrite ? row.secret() : null, previousUntil,
        row.createdAt());
  }

  /** Known types only, at least one, each once, in the order of {@link #EVENT_TYPES}. */
  static List<String> eventTypes(List<String> requested) {
    if (requested == null || requested.isEmpty()) {
      throw FieldErrors.invalid("enabledEvents", FieldErrors.REQUIRED);
    }
    if (requested.size() > EVENT_TYPES.size() * 2) {
      throw FieldErrors.invalid("enabledEvents", FieldErrors.TOO_LONG);
    }
    Set<String> wanted = new LinkedHashSet<>();
    for (String type : requested) {
      if (type == null || !EVENT_TYPES.contains(type.strip())) {
        throw FieldErrors.invalid("enabledEvents", FieldErrors.UNKNOWN);
      }
      wanted.add(type.strip());
    }
    List<String> ordered = new ArrayList<>(EVENT_TYPES);
    ordered.retainAll(wanted);
    return List.copyOf(ordered);
  }

  static String description(String description) {
    if (description == null || description.isBlank()) {
      return null;
    }
    String text = description.strip();
    if (text.length() > DESCRIPTION_CHARS_MAX) {
      throw FieldErrors.invalid("description", FieldErrors.TOO_LONG);
    }
    return text;
  }

  private void wakeAfterCommit() {
    if (TransactionSynchronizationManager.isSynchronizationActive()) {
      TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
        @Override
        public void afterCommit() {
          dispatcher.wake();
        }
      });
    }
  }

  private Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.MICROS);
  }
}
