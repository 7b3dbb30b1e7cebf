package org.okpay.support.internal.reversals;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import java.util.UUID;
import org.okpay.identity.CurrentUser;
import org.okpay.shared.ErrorCode;
import org.okpay.shared.FieldErrors;
import org.okpay.shared.OkPayException;
import org.okpay.support.ReversalsApi;
import org.okpay.support.ReversalsApi.Reversal;
import org.okpay.support.ReversalsApi.ReversalStatus;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Reversals for support staff (agents and admins, {@link ReversalStaffRules}) as JSON. Every
 * request is made by a signed-in staff member, who is named in the request and the audit log;
 * the operator token alone cannot ask or approve ({@code forbidden}).
 */
@RestController
@RequestMapping("/api/v1/admin/reversals")
@Tag(name = "Support: reversals")
class ReversalsApiController {

  private static final int LIST_DEFAULT = 50;

  private final ReversalsApi reversals;

  ReversalsApiController(ReversalsApi reversals) {
    this.reversals = reversals;
  }

  record NewReversal(UUID transactionId, String reason) {
  }

  record Decision(String reason) {
  }

  record ReversalList(List<Reversal> reversals) {
  }

  @PostMapping
  @Operation(summary = "Ask for the reversal of a completed payment between users")
  ResponseEntity<Reversal> request(@AuthenticationPrincipal CurrentUser staff,
      @RequestHeader(value = "Idempotency-Key", required = false) String key,
      @RequestBody(required = false) NewReversal body) {
    NewReversal b = body == null ? new NewReversal(null, null) : body;
    ReversalsApi.Created created = reversals.request(staff(staff), key, b.transactionId(),
        b.reason());
    return ResponseEntity.status(created.replayed() ? HttpStatus.OK : HttpStatus.CREATED)
        .body(created.reversal());
  }

  @GetMapping
  @Operation(summary = "Reversal requests, newest first, optionally by status")
  ReversalList list(@AuthenticationPrincipal CurrentUser staff,
      @RequestParam(required = false) String status,
      @RequestParam(defaultValue = "" + LIST_DEFAULT) int limit) {
    staff(staff);
    ReversalStatus wanted = status == null || status.isBlank() ? null
        : ReversalStatus.find(status).orElseThrow(() ->
            FieldErrors.invalid("status", FieldErrors.UNKNOWN));
    return new ReversalList(reversals.list(wanted, limit));
  }

  @GetMapping("/{id}")
  @Operation(summary = "One reversal request")
  Reversal one(@AuthenticationPrincipal CurrentUser staff, @PathVariable UUID id) {
    staff(staff);
    return reversals.reversal(id).orElseThrow(() ->
        new OkPayException(ErrorCode.REVERSAL_NOT_FOUND));
  }

  @PostMapping("/{id}/approve")
  @Operation(summary = "Approve a pending request (never one's own); the money moves at once")
  Reversal approve(@AuthenticationPrincipal CurrentUser staff, @PathVariable UUID id,
      @RequestBody(required = false) Decision body) {
    return reversals.approve(staff(staff), id, body == null ? null : body.reason());
  }

  @PostMapping("/{id}/reject")
  @Operation(summary = "Reject a pending request; nothing moves")
  Reversal reject(@AuthenticationPrincipal CurrentUser staff, @PathVariable UUID id,
      @RequestBody(required = false) Decision body) {
    return reversals.reject(staff(staff), id, body == null ? null : body.reason());
  }

  /** A signed-in staff member; the operator token has no person to name. */
  private static CurrentUser staff(CurrentUser staff) {
    if (staff == null || staff.role() == null || !staff.role().staff()) {
      throw new OkPayException(ErrorCode.FORBIDDEN);
    }
    return staff;
  }
}
