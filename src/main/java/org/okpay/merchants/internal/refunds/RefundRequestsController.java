package org.okpay.merchants.internal.refunds;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import java.util.UUID;
import org.okpay.identity.CurrentUser;
import org.okpay.merchants.MerchantCaller;
import org.okpay.merchants.RefundRequestsApi;
import org.okpay.merchants.RefundRequestsApi.RefundRequest;
import org.okpay.merchants.RefundsApi;
import org.okpay.shared.ErrorCode;
import org.okpay.shared.OkPayException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Refund requests over JSON: the customer asks ({@code /api/v1/me/...}), the merchant answers by
 * key ({@code /api/v1/merchant/...}); and the customer's "did it arrive?" of a refund.
 */
@RestController
@Tag(name = "Refund requests")
class RefundRequestsController {

  private final RefundRequestsApi requests;
  private final RefundsApi refunds;

  RefundRequestsController(RefundRequestsApi requests, RefundsApi refunds) {
    this.requests = requests;
    this.refunds = refunds;
  }

  record RequestsView(List<RefundRequest> refundRequests) {
  }

  record RejectBody(String note) {
  }

  record ArrivalBody(Boolean received, String message) {
  }

  @PostMapping("/api/v1/me/refund-requests")
  @Operation(summary = "Asks the merchant for a refund of one of my payments")
  ResponseEntity<RefundRequest> create(@AuthenticationPrincipal CurrentUser user,
      @RequestBody RefundRequestsApi.NewRequest body) {
    return ResponseEntity.status(HttpStatus.CREATED).body(requests.request(user, body));
  }

  @GetMapping("/api/v1/me/refund-requests")
  @Operation(summary = "My refund requests, of one payment transaction or all")
  RequestsView mine(@AuthenticationPrincipal CurrentUser user,
      @RequestParam(required = false) UUID transactionId) {
    return new RequestsView(requests.mine(user.userId(), transactionId));
  }

  @PostMapping("/api/v1/me/refund-requests/{id}/withdraw")
  @Operation(summary = "Takes back a refund request the merchant has not answered")
  RefundRequest withdraw(@AuthenticationPrincipal CurrentUser user, @PathVariable UUID id) {
    return requests.withdraw(user.userId(), id);
  }

  @PostMapping("/api/v1/me/refunds/{id}/arrival")
  @Operation(summary = "Did the refund arrive? received=false files a complaint")
  RefundsApi.Refund arrival(@AuthenticationPrincipal CurrentUser user, @PathVariable UUID id,
      @RequestBody ArrivalBody body) {
    if (body == null || body.received() == null) {
      throw org.okpay.shared.FieldErrors.invalid("received",
          org.okpay.shared.FieldErrors.REQUIRED);
    }
    return refunds.confirmArrival(user.userId(), id, body.received(), body.message());
  }

  @GetMapping("/api/v1/merchant/refund-requests")
  @Operation(summary = "Refund requests, open ones first by answer-by time (refunds: read)")
  RequestsView ofMerchant(MerchantCaller caller,
      @RequestParam(defaultValue = "50") int limit) {
    return new RequestsView(requests.ofMerchant(caller, limit));
  }

  @GetMapping("/api/v1/merchant/refund-requests/{id}")
  @Operation(summary = "One refund request (refunds: read)")
  RefundRequest one(MerchantCaller caller, @PathVariable UUID id) {
    return requests.ofMerchant(caller, id)
        .orElseThrow(() -> new OkPayException(ErrorCode.REFUND_REQUEST_NOT_FOUND));
  }

  @PostMapping("/api/v1/merchant/refund-requests/{id}/approve")
  @Operation(summary = "Approves: the refund is made (refunds: write)")
  RefundRequest approve(MerchantCaller caller, @PathVariable UUID id) {
    return requests.approve(caller, id);
  }

  @PostMapping("/api/v1/merchant/refund-requests/{id}/reject")
  @Operation(summary = "Rejects with a note the customer sees (refunds: write)")
  RefundRequest reject(MerchantCaller caller, @PathVariable UUID id,
      @RequestBody(required = false) RejectBody body) {
    return requests.reject(caller, id, body == null ? null : body.note());
  }
}
