package org.okpay.merchants.internal.payouts;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import org.okpay.merchants.MerchantCaller;
import org.okpay.merchants.PayoutsApi;
import org.okpay.merchants.PayoutsApi.Payout;
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

/** The merchant API's payouts (authenticated by key; balance: write to pay out, read to list). */
@RestController
@Tag(name = "Merchant API")
class PayoutApiController {

  private final PayoutsApi payouts;

  PayoutApiController(PayoutsApi payouts) {
    this.payouts = payouts;
  }

  @PostMapping("/api/v1/merchant/payouts")
  @Operation(summary = "Pays out from the merchant's balance to a verified bank account of its"
      + " owner, once per Idempotency-Key (needs balance: write)")
  ResponseEntity<Payout> create(MerchantCaller caller,
      @RequestHeader(name = "Idempotency-Key", required = false) String idempotencyKey,
      @RequestBody PayoutsApi.NewPayout body) {
    PayoutsApi.Created created = payouts.create(caller, idempotencyKey, body);
    return ResponseEntity.status(created.replayed() ? HttpStatus.OK : HttpStatus.CREATED)
        .body(created.payout());
  }

  @GetMapping("/api/v1/merchant/payouts/{id}")
  @Operation(summary = "One payout, e.g. after a payout.* webhook (needs balance: read)")
  Payout one(MerchantCaller caller, @PathVariable java.util.UUID id) {
    return payouts.payout(caller, id)
        .orElseThrow(() -> new OkPayException(ErrorCode.PAYOUT_NOT_FOUND));
  }

  @GetMapping("/api/v1/merchant/payouts")
  @Operation(summary = "The merchant's last payouts, newest first (needs balance: read)")
  List<Payout> list(MerchantCaller caller,
      @RequestParam(name = "limit", defaultValue = "20") int limit) {
    return payouts.payouts(caller, limit);
  }
}
