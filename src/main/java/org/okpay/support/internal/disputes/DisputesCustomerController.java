package org.okpay.support.internal.disputes;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import java.util.UUID;
import org.okpay.identity.CurrentUser;
import org.okpay.shared.ErrorCode;
import org.okpay.shared.OkPayException;
import org.okpay.support.DisputesApi;
import org.okpay.support.DisputesApi.Detail;
import org.okpay.support.DisputesApi.Dispute;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The customer's disputes over JSON ({@code /api/v1/me/disputes}), each scoped to the caller. */
@RestController
@Tag(name = "Disputes (customer)")
class DisputesCustomerController {

  private final DisputesApi disputes;

  DisputesCustomerController(DisputesApi disputes) {
    this.disputes = disputes;
  }

  record DisputesView(List<Dispute> disputes) {
  }

  record MessageBody(String body) {
  }

  @PostMapping("/api/v1/me/disputes")
  @Operation(summary = "Reports one of my transactions (Idempotency-Key required)")
  ResponseEntity<Dispute> open(@AuthenticationPrincipal CurrentUser user,
      @RequestHeader(value = "Idempotency-Key", required = false) String key,
      @RequestBody DisputesApi.NewDispute body) {
    DisputesApi.Opened opened = disputes.open(user, key, body);
    return opened.replayed()
        ? ResponseEntity.ok().header("Idempotent-Replayed", "true").body(opened.dispute())
        : ResponseEntity.status(HttpStatus.CREATED).body(opened.dispute());
  }

  @GetMapping("/api/v1/me/disputes")
  @Operation(summary = "My disputes, newest first")
  DisputesView list(@AuthenticationPrincipal CurrentUser user,
      @RequestParam(defaultValue = "50") int limit) {
    return new DisputesView(disputes.mine(user.userId(), limit));
  }

  @GetMapping("/api/v1/me/disputes/{id}")
  @Operation(summary = "One of my disputes with its messages, timeline and deadlines")
  Detail get(@AuthenticationPrincipal CurrentUser user, @PathVariable UUID id) {
    return disputes.mine(user.userId(), id)
        .orElseThrow(() -> new OkPayException(ErrorCode.DISPUTE_NOT_FOUND));
  }

  @PostMapping("/api/v1/me/disputes/{id}/messages")
  @Operation(summary = "Writes to the merchant (and OKPay)")
  Detail message(@AuthenticationPrincipal CurrentUser user, @PathVariable UUID id,
      @RequestBody MessageBody body) {
    return disputes.customerMessage(user.userId(), id, body == null ? null : body.body());
  }

  @PostMapping("/api/v1/me/disputes/{id}/escalate")
  @Operation(summary = "Makes an inquiry a claim: the amount is held from the merchant")
  Detail escalate(@AuthenticationPrincipal CurrentUser user, @PathVariable UUID id) {
    return disputes.escalate(user.userId(), id);
  }

  @PostMapping("/api/v1/me/disputes/{id}/withdraw")
  @Operation(summary = "Withdraws an open dispute (anything held goes back)")
  Detail withdraw(@AuthenticationPrincipal CurrentUser user, @PathVariable UUID id) {
    return disputes.withdraw(user.userId(), id);
  }
}
