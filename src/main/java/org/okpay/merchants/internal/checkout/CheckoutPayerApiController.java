package org.okpay.merchants.internal.checkout;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.UUID;
import org.okpay.identity.CurrentUser;
import org.okpay.merchants.CheckoutApi;
import org.okpay.merchants.CheckoutApi.Hosted;
import org.okpay.merchants.CheckoutApi.Paid;
import org.okpay.payments.FxApi;
import org.okpay.payments.PaymentInputs;
import org.okpay.payments.TransactionState;
import org.okpay.shared.ErrorCode;
import org.okpay.shared.OkPayException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * A signed-in payer pays a checkout session over JSON: what it is, an FX quote when paying from
 * another currency, the payment (with an {@code Idempotency-Key}; a session is paid once).
 */
@RestController
@Tag(name = "Checkout (payer)")
class CheckoutPayerApiController {

  private final CheckoutApi checkout;

  CheckoutPayerApiController(CheckoutApi checkout) {
    this.checkout = checkout;
  }

  record QuoteBody(String payFrom) {
  }

  /**
   * @param payFrom the balance's currency; the session's when absent
   * @param quoteId the FX quote, when payFrom is not the session's currency
   */
  record PayBody(String payFrom, String quoteId, String secondFactorCode) {
  }

  @GetMapping("/api/v1/me/checkout/sessions/{id}")
  @Operation(summary = "A checkout session as the payer sees it: merchant, amount, status")
  Hosted session(@AuthenticationPrincipal CurrentUser user, @PathVariable UUID id) {
    return checkout.hosted(id)
        .orElseThrow(() -> new OkPayException(ErrorCode.CHECKOUT_SESSION_NOT_FOUND));
  }

  @PostMapping("/api/v1/me/checkout/sessions/{id}/quote")
  @Operation(summary = "An FX quote for paying the session from your balance in payFrom")
  FxApi.Quote quote(@AuthenticationPrincipal CurrentUser user, @PathVariable UUID id,
      @RequestBody QuoteBody body) {
    return checkout.quote(user, id, PaymentInputs.currency(body.payFrom(), "payFrom"));
  }

  @PostMapping("/api/v1/me/checkout/sessions/{id}/payment")
  @Operation(summary = "Pay the session {payFrom, quoteId, secondFactorCode}; needs "
      + "Idempotency-Key. 201 paid, 202 held for a review, 200 paid before (replayed)")
  ResponseEntity<Paid> pay(@AuthenticationPrincipal CurrentUser user, @PathVariable UUID id,
      @RequestHeader(value = "Idempotency-Key", required = false) String key,
      @RequestBody(required = false) PayBody body) {
    if (key == null || key.isBlank()) {
      throw new OkPayException(ErrorCode.IDEMPOTENCY_KEY_MISSING);
    }
    PayBody b = body == null ? new PayBody(null, null, null) : body;
    Paid paid = checkout.pay(user, id,
        b.payFrom() == null || b.payFrom().isBlank() ? null
            : PaymentInputs.currency(b.payFrom(), "payFrom"),
        b.quoteId() == null || b.quoteId().isBlank() ? null
            : PaymentInputs.id(b.quoteId(), "quoteId"),
        b.secondFactorCode());
    if (paid.transaction().state() == TransactionState.FAILED) {
      // A recorded refusal, as the payments API answers one; the session stays open.
      throw new OkPayException(paid.transaction().failure() == null ? ErrorCode.INTERNAL_ERROR
          : paid.transaction().failure(),
          java.util.Map.of("transactionId", paid.transaction().id().toString()));
    }
    HttpStatus status = paid.replayed() ? HttpStatus.OK
        : paid.transaction().state() == TransactionState.COMPLETED ? HttpStatus.CREATED
        : HttpStatus.ACCEPTED;
    ResponseEntity.BodyBuilder answer = ResponseEntity.status(status);
    if (paid.replayed()) {
      answer.header("Idempotent-Replayed", "true");
    }
    return answer.body(paid);
  }
}
