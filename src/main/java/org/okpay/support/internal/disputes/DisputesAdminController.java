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
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Agents' disputes ({@code /api/v1/admin/disputes}, agents and admins, see DisputesStaffRules). */
@RestController
@Tag(name = "Disputes (agents)")
class DisputesAdminController {

  private final DisputesApi disputes;

  DisputesAdminController(DisputesApi disputes) {
    this.disputes = disputes;
  }

  record QueueView(List<Dispute> disputes) {
  }

  /** @param outcome {@code customer} or {@code merchant} */
  record DecisionBody(String outcome, String reason) {
  }

  @GetMapping("/api/v1/admin/disputes")
  @Operation(summary = "The queue: under review first, by deadline")
  QueueView queue(@RequestParam(required = false) String status,
      @RequestParam(defaultValue = "50") int limit) {
    return new QueueView(disputes.queue(status, limit));
  }

  @GetMapping("/api/v1/admin/disputes/{id}")
  @Operation(summary = "One dispute with messages, evidence and files")
  Detail get(@PathVariable UUID id) {
    return disputes.forAgent(id)
        .orElseThrow(() -> new OkPayException(ErrorCode.DISPUTE_NOT_FOUND));
  }

  @GetMapping("/api/v1/admin/disputes/{id}/files/{fileId}")
  @Operation(summary = "Downloads an evidence file (as an attachment)")
  ResponseEntity<byte[]> file(@PathVariable UUID id, @PathVariable UUID fileId) {
    return DisputesMerchantController.attachment(disputes.fileForAgent(id, fileId)
        .orElseThrow(() -> new OkPayException(ErrorCode.DISPUTE_FILE_NOT_FOUND)));
  }

  @PostMapping("/api/v1/admin/disputes/{id}/decide")
  @Operation(summary = "Decides for the customer (hold posted) or the merchant (hold voided)")
  Detail decide(@AuthenticationPrincipal CurrentUser agent, @PathVariable UUID id,
      @RequestBody DecisionBody body) {
    return disputes.decide(agent, id, body == null ? null : body.outcome(),
        body == null ? null : body.reason());
  }
}
