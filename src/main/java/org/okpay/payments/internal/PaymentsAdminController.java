package org.okpay.payments.internal;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.okpay.identity.CurrentUser;
import org.okpay.shared.ErrorCode;
import org.okpay.shared.OkPayException;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Staff side of payments (behind the admin guard of /api/v1/admin/**): payments held for review,
 * reconciliation runs and their findings.
 */
@RestController
@Tag(name = "Payments administration")
class PaymentsAdminController {

  private final Reviews reviews;
  private final Reconciler reconciler;
  private final Findings findings;
  private final Clock clock;

  PaymentsAdminController(Reviews reviews, Reconciler reconciler, Findings findings,
      Clock clock) {
    this.reviews = reviews;
    this.reconciler = reconciler;
    this.findings = findings;
    this.clock = clock;
  }

  record Resolution(String resolution) {
  }

  @GetMapping("/api/v1/admin/payments/reviews")
  @Operation(summary = "Payments held by the risk checks, oldest first")
  List<TxRow> waiting() {
    return reviews.waiting();
  }

  @PostMapping("/api/v1/admin/payments/reviews/{id}/approve")
  @Operation(summary = "Let a held payment go on")
  TxRow approve(@PathVariable UUID id, @AuthenticationPrincipal CurrentUser staff) {
    return reviews.approve(id, who(staff));
  }

  @PostMapping("/api/v1/admin/payments/reviews/{id}/reject")
  @Operation(summary = "Stop a held payment; nothing moves and the user is told")
  TxRow reject(@PathVariable UUID id, @AuthenticationPrincipal CurrentUser staff) {
    return reviews.reject(id, who(staff));
  }

  @PostMapping("/api/v1/admin/payments/reconciliation/run")
  @Operation(summary = "Run reconciliation now (it also runs on a schedule)")
  Findings.Run run() {
    return reconciler.run();
  }

  @GetMapping("/api/v1/admin/payments/reconciliation/runs")
  @Operation(summary = "The latest reconciliation runs")
  List<Findings.Run> runs(@RequestParam(defaultValue = "20") int limit) {
    return findings.runs(limit);
  }

  @GetMapping("/api/v1/admin/payments/reconciliation/findings")
  @Operation(summary = "What reconciliation could not settle, for an agent to review")
  List<Findings.Finding> findings(@RequestParam(defaultValue = "true") boolean open,
      @RequestParam(defaultValue = "50") int limit) {
    return findings.list(open, limit);
  }

  @PostMapping("/api/v1/admin/payments/reconciliation/findings/{id}/resolve")
  @Operation(summary = "Record how a finding was dealt with")
  Map<String, Object> resolve(@PathVariable long id, @RequestBody Resolution body,
      @AuthenticationPrincipal CurrentUser staff) {
    String text = body.resolution() == null ? "" : body.resolution().strip();
    if (text.isEmpty() || text.length() > 1000) {
      throw new OkPayException(ErrorCode.VALIDATION_FAILED, Map.of("errors", List.of(
          Map.of("field", "resolution", "reason", "length"))));
    }
    findings.resolve(id, who(staff), text, clock.instant());
    return Map.of("id", id, "resolved", true);
  }

  private static String who(CurrentUser staff) {
    return staff == null ? "operator" : staff.email();
  }
}
