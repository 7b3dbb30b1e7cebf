package org.okpay.merchants.internal.refunds;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.UUID;
import org.okpay.merchants.MerchantCaller;
import org.okpay.merchants.RefundsApi;
import org.okpay.merchants.RefundsApi.Refund;
import org.okpay.shared.ErrorCode;
import org.okpay.shared.OkPayException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The merchant API's refunds (authenticated by key; refunds: read or write). */
@RestController
@Tag(name = "Merchant API")
class RefundApiController {

  private final RefundsApi refunds;

  RefundApiController(RefundsApi refunds) {
    this.refunds = refunds;
  }

  @PostMapping("/api/v1/merchant/refunds")
  @Operation(summary = "Refunds a payment in full or in part, once per merchantRefundReference"
      + " (needs refunds: write)")
  ResponseEntity<Refund> create(MerchantCaller caller, @RequestBody RefundsApi.NewRefund body) {
    RefundsApi.Created created = refunds.create(caller, body);
    return ResponseEntity.status(created.replayed() ? HttpStatus.OK : HttpStatus.CREATED)
        .body(created.refund());
  }

  @GetMapping("/api/v1/merchant/refunds/{id}")
  @Operation(summary = "One refund (needs refunds: read)")
  Refund get(MerchantCaller caller, @PathVariable UUID id) {
    return refunds.refund(caller, id)
        .orElseThrow(() -> new OkPayException(ErrorCode.REFUND_NOT_FOUND));
  }

  @GetMapping("/api/v1/merchant/refunds")
  @Operation(summary = "Refunds newest first, optionally of one payment (needs refunds: read)")
  RefundsApi.RefundPage list(MerchantCaller caller,
      @RequestParam(required = false) UUID paymentId,
      @RequestParam(required = false) String cursor,
      @RequestParam(defaultValue = "20") int limit) {
    return refunds.refunds(caller, paymentId, cursor, limit);
  }

  @PostMapping("/api/v1/merchant/refunds/{id}/cancel")
  @Operation(summary = "Cancels a pending refund (needs refunds: write)")
  Refund cancel(MerchantCaller caller, @PathVariable UUID id) {
    return refunds.cancel(caller, id);
  }
}
