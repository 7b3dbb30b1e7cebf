package org.okpay.payments.internal;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import java.util.UUID;
import org.okpay.identity.CurrentUser;
import org.okpay.payments.PaymentsAdminApi;
import org.okpay.payments.PaymentsAdminApi.Decision;
import org.okpay.payments.PaymentsAdminApi.Finding;
import org.okpay.payments.PaymentsAdminApi.HeldPayment;
import org.okpay.payments.PaymentsAdminApi.ReconciliationRun;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Staff side of payments as JSON (behind the admin guard of /api/v1/admin/**): payments held for
 * review, reconciliation runs and their findings. Everything goes through
 * {@link PaymentsAdminApi}, as the admin page does.
 */
@RestController
@Tag(name = "Payments administration")
class PaymentsAdminController {

  private final PaymentsAdminApi admin;

  PaymentsAdminController(PaymentsAdminApi admin) {
    this.admin = admin;
  }

  record Resolution(String resolution) {
  }

  @GetMapping("/api/v1/admin/payments/reviews")
  @Operation(summary = "Payments held by the risk checks, oldest first")
  List<HeldPayment> waiting() {
    return admin.heldForReview();
  }

  @PostMapping("/api/v1/admin/payments/reviews/{id}/approve")
  @Operation(summary = "Let a held payment go on")
  Decision approve(@PathVariable UUID id, @AuthenticationPrincipal CurrentUser staff) {
    return admin.approve(id, who(staff));
  }

  @PostMapping("/api/v1/admin/payments/reviews/{id}/reject")
  @Operation(summary = "Stop a held payment; nothing moves and the user is told")
  Decision reject(@PathVariable UUID id, @AuthenticationPrincipal CurrentUser staff) {
    return admin.reject(id, who(staff));
  }

  @PostMapping("/api/v1/admin/payments/reconciliation/run")
  @Operation(summary = "Run reconciliation now (it also runs on a schedule)")
  ReconciliationRun run() {
    return admin.runReconciliation();
  }

  @GetMapping("/api/v1/admin/payments/reconciliation/runs")
  @Operation(summary = "The latest reconciliation runs, newest first")
  List<ReconciliationRun> runs(@RequestParam(defaultValue = "20") int limit) {
    return admin.runs(limit);
  }

  @GetMapping("/api/v1/admin/payments/reconciliation/findings")
  @Operation(summary = "What reconciliation could not settle, for an agent to review")
  List<Finding> findings(@RequestParam(defaultValue = "true") boolean open,
      @RequestParam(defaultValue = "50") int limit) {
    return admin.findings(open, limit);
  }

  @PostMapping("/api/v1/admin/payments/reconciliation/findings/{id}/resolve")
  @Operation(summary = "Record how a finding was dealt with (text required)")
  Finding resolve(@PathVariable long id, @RequestBody Resolution body,
      @AuthenticationPrincipal CurrentUser staff) {
    return admin.resolve(id, body == null ? null : body.resolution(), who(staff));
  }

  /** The operator token has no user behind it: the API then records "operator". */
  private static String who(CurrentUser staff) {
    return staff == null ? null : staff.email();
  }
}
