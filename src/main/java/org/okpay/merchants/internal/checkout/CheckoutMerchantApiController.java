package org.okpay.merchants.internal.checkout;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.UUID;
import org.okpay.merchants.Access;
import org.okpay.merchants.ApiResource;
import org.okpay.merchants.CheckoutApi;
import org.okpay.merchants.CheckoutApi.MerchantPayment;
import org.okpay.merchants.CheckoutApi.NewSession;
import org.okpay.merchants.CheckoutApi.PaymentPage;
import org.okpay.merchants.CheckoutApi.Session;
import org.okpay.merchants.CheckoutApi.SessionPage;
import org.okpay.merchants.MerchantCaller;
import org.okpay.shared.ErrorCode;
import org.okpay.shared.OkPayException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The merchant's checkout sessions and payments over its API key: sessions need the CHECKOUT
 * scope (write to create or expire), payments the PAYMENTS scope. Another merchant's session or
 * payment is 404.
 */
@RestController
@Tag(name = "Merchant: checkout and payments")
class CheckoutMerchantApiController {

  private final CheckoutApi checkout;

  CheckoutMerchantApiController(CheckoutApi checkout) {
    this.checkout = checkout;
  }

  @PostMapping("/api/v1/merchant/checkout/sessions")
  @Operation(summary = "Create a checkout session {amountMinor, currency, description, "
      + "orderReference, successUrl (may contain {CHECKOUT_SESSION_ID}), cancelUrl, "
      + "expiresInMinutes 30..1440 (default 1440)}; needs Idempotency-Key")
  ResponseEntity<Session> create(MerchantCaller caller,
      @RequestHeader(value = "Idempotency-Key", required = false) String key,
      @RequestBody NewSession body) {
    caller.require(ApiResource.CHECKOUT, Access.WRITE);
    CheckoutApi.Created created = checkout.create(caller.merchantId(), key, body);
    ResponseEntity.BodyBuilder answer = ResponseEntity.status(created.replayed() ? HttpStatus.OK
        : HttpStatus.CREATED);
    if (created.replayed()) {
      answer.header("Idempotent-Replayed", "true");
    }
    return answer.body(created.session());
  }

  @GetMapping("/api/v1/merchant/checkout/sessions")
  @Operation(summary = "Your checkout sessions, newest first, with a cursor")
  SessionPage sessions(MerchantCaller caller, @RequestParam(required = false) String cursor,
      @RequestParam(defaultValue = "20") int limit) {
    caller.require(ApiResource.CHECKOUT, Access.READ);
    return checkout.sessions(caller.merchantId(), cursor, limit);
  }

  @GetMapping("/api/v1/merchant/checkout/sessions/{id}")
  @Operation(summary = "One checkout session")
  Session session(MerchantCaller caller, @PathVariable UUID id) {
    caller.require(ApiResource.CHECKOUT, Access.READ);
    return checkout.session(caller.merchantId(), id)
        .orElseThrow(() -> new OkPayException(ErrorCode.CHECKOUT_SESSION_NOT_FOUND));
  }

  @PostMapping("/api/v1/merchant/checkout/sessions/{id}/cancel")
  @Operation(summary = "Cancel an open session now: state canceled, webhook "
      + "checkout.session.canceled (409 when it is paid, expired or being paid)")
  Session cancel(MerchantCaller caller, @PathVariable UUID id) {
    caller.require(ApiResource.CHECKOUT, Access.WRITE);
    return checkout.cancel(caller.merchantId(), id);
  }

  @PostMapping("/api/v1/merchant/checkout/sessions/{id}/expire")
  @Operation(summary = "Expire an open session now (409 when it is paid or being paid)")
  Session expire(MerchantCaller caller, @PathVariable UUID id) {
    caller.require(ApiResource.CHECKOUT, Access.WRITE);
    return checkout.expire(caller.merchantId(), id);
  }

  @GetMapping("/api/v1/merchant/payments")
  @Operation(summary = "Your payments, newest first; q searches the order reference, the "
      + "description and the ids")
  PaymentPage payments(MerchantCaller caller, @RequestParam(required = false) String q,
      @RequestParam(required = false) String cursor,
      @RequestParam(defaultValue = "20") int limit) {
    caller.require(ApiResource.PAYMENTS, Access.READ);
    return checkout.payments(caller.merchantId(), q, cursor, limit);
  }

  @GetMapping("/api/v1/merchant/payments/{id}")
  @Operation(summary = "One payment, with refundedMinor and refundableMinor")
  MerchantPayment payment(MerchantCaller caller, @PathVariable UUID id) {
    caller.require(ApiResource.PAYMENTS, Access.READ);
    return checkout.payment(caller.merchantId(), id)
        .orElseThrow(() -> new OkPayException(ErrorCode.MERCHANT_PAYMENT_NOT_FOUND));
  }
}
