package org.okpay.merchants.internal.webhooks;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import java.util.UUID;
import org.okpay.merchants.MerchantCaller;
import org.okpay.merchants.WebhooksApi;
import org.okpay.merchants.WebhooksApi.Delivery;
import org.okpay.merchants.WebhooksApi.Endpoint;
import org.okpay.merchants.WebhooksApi.EndpointChange;
import org.okpay.merchants.WebhooksApi.NewEndpoint;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Webhook endpoints over the merchant API (a key with the webhooks scope: read to look, write to
 * change). See docs/webhooks.md.
 */
@RestController
@RequestMapping("/api/v1/merchant/webhook-endpoints")
@Tag(name = "Merchant webhooks")
class WebhooksApiController {

  private final WebhooksApi webhooks;

  WebhooksApiController(WebhooksApi webhooks) {
    this.webhooks = webhooks;
  }

  @GetMapping
  @Operation(summary = "The merchant's webhook endpoints (at most 10)")
  List<Endpoint> list(MerchantCaller caller) {
    return webhooks.endpoints(caller);
  }

  @PostMapping
  @Operation(summary = "Add an endpoint {url, description, enabledEvents}; the answer carries "
      + "its signing secret (whsec_...)")
  ResponseEntity<Endpoint> create(MerchantCaller caller, @RequestBody NewEndpoint body) {
    return ResponseEntity.status(HttpStatus.CREATED).body(webhooks.create(caller, body));
  }

  @GetMapping("/{id}")
  @Operation(summary = "One endpoint")
  Endpoint get(MerchantCaller caller, @PathVariable UUID id) {
    return webhooks.endpoint(caller, id);
  }

  @PatchMapping("/{id}")
  @Operation(summary = "Change url, description, enabledEvents, or enable/disable it "
      + "{enabled: true|false}")
  Endpoint update(MerchantCaller caller, @PathVariable UUID id,
      @RequestBody EndpointChange body) {
    return webhooks.update(caller, id, body);
  }

  @DeleteMapping("/{id}")
  @Operation(summary = "Remove an endpoint and its delivery log")
  ResponseEntity<Void> delete(MerchantCaller caller, @PathVariable UUID id) {
    webhooks.delete(caller, id);
    return ResponseEntity.noContent().build();
  }

  @PostMapping("/{id}/rotate-secret")
  @Operation(summary = "A new signing secret; the old one keeps signing too for 24 hours")
  Endpoint rotate(MerchantCaller caller, @PathVariable UUID id) {
    return webhooks.rotateSecret(caller, id);
  }

  @GetMapping("/{id}/deliveries")
  @Operation(summary = "The endpoint's deliveries, newest first; page with before=<delivery id>")
  List<Delivery> deliveries(MerchantCaller caller, @PathVariable UUID id,
      @RequestParam(required = false) UUID before,
      @RequestParam(defaultValue = "20") int limit) {
    return webhooks.deliveries(caller, id, before, limit);
  }

  @GetMapping("/{id}/deliveries/{deliveryId}")
  @Operation(summary = "One delivery with every attempt (time, status code, duration, first "
      + "1 KB of the answer, next attempt)")
  Delivery delivery(MerchantCaller caller, @PathVariable UUID id,
      @PathVariable UUID deliveryId) {
    return webhooks.delivery(caller, id, deliveryId);
  }

  @PostMapping("/{id}/deliveries/{deliveryId}/resend")
  @Operation(summary = "Send a delivery again now")
  ResponseEntity<Delivery> resend(MerchantCaller caller, @PathVariable UUID id,
      @PathVariable UUID deliveryId) {
    return ResponseEntity.status(HttpStatus.ACCEPTED)
        .body(webhooks.resend(caller, id, deliveryId));
  }
}
