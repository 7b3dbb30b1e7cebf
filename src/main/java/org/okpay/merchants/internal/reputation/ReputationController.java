package org.okpay.merchants.internal.reputation;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.UUID;
import org.okpay.identity.CurrentUser;
import org.okpay.merchants.ReputationApi;
import org.okpay.shared.ErrorCode;
import org.okpay.shared.OkPayException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** A payer rates a payment; anybody reads a merchant's reputation. */
@RestController
@Tag(name = "Reputation")
class ReputationController {

  private final ReputationApi reputation;

  ReputationController(ReputationApi reputation) {
    this.reputation = reputation;
  }

  @PostMapping("/api/v1/me/merchant-payments/{id}/rating")
  @Operation(summary = "Rates one of my merchant payments (its id or its transaction's id), once")
  ResponseEntity<ReputationApi.Rating> rate(@AuthenticationPrincipal CurrentUser user,
      @PathVariable UUID id, @RequestBody(required = false) ReputationApi.NewRating body) {
    return ResponseEntity.status(HttpStatus.CREATED).body(reputation.rate(user.userId(), id, body));
  }

  @GetMapping("/api/v1/me/merchant-payments/{id}/rating")
  @Operation(summary = "My rating of one of my merchant payments: whether I may still rate it,"
      + " and the rating once given")
  ReputationApi.MyRating mine(@AuthenticationPrincipal CurrentUser user, @PathVariable UUID id) {
    return reputation.myRating(user.userId(), id)
        .orElseThrow(() -> new OkPayException(ErrorCode.MERCHANT_PAYMENT_NOT_FOUND));
  }

  @GetMapping("/api/v1/merchants/{merchantId}/reputation")
  @Operation(summary = "A merchant's reputation and what it is made of (public)")
  ReputationApi.Reputation of(@PathVariable UUID merchantId) {
    return reputation.reputation(merchantId)
        .orElseThrow(() -> new OkPayException(ErrorCode.MERCHANT_NOT_FOUND));
  }
}
