package org.okpay.support.internal.disputes;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.io.IOException;
import java.util.List;
import java.util.UUID;
import org.okpay.merchants.MerchantCaller;
import org.okpay.shared.ErrorCode;
import org.okpay.shared.OkPayException;
import org.okpay.support.DisputesApi;
import org.okpay.support.DisputesApi.Detail;
import org.okpay.support.DisputesApi.Dispute;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

/**
 * Disputes on the merchant's payments, by API key ({@code disputes} scope: read to look, write to
 * answer). Another merchant's dispute is 404 {@code dispute_not_found}.
 */
@RestController
@Tag(name = "Disputes (merchant)")
class DisputesMerchantController {

  private final DisputesApi disputes;

  DisputesMerchantController(DisputesApi disputes) {
    this.disputes = disputes;
  }

  record DisputesView(List<Dispute> disputes) {
  }

  record MessageBody(String body) {
  }

  @GetMapping("/api/v1/merchant/disputes")
  @Operation(summary = "Disputes on my payments: open ones first, by deadline")
  DisputesView list(MerchantCaller caller, @RequestParam(required = false) String status,
      @RequestParam(defaultValue = "50") int limit) {
    return new DisputesView(disputes.ofMerchant(caller, status, limit));
  }

  @GetMapping("/api/v1/merchant/disputes/{id}")
  @Operation(summary = "The full dispute (what a dispute.* webhook points to)")
  Detail get(MerchantCaller caller, @PathVariable UUID id) {
    return disputes.ofMerchant(caller, id)
        .orElseThrow(() -> new OkPayException(ErrorCode.DISPUTE_NOT_FOUND));
  }

  @PostMapping("/api/v1/merchant/disputes/{id}/messages")
  @Operation(summary = "Writes to the customer")
  Detail message(MerchantCaller caller, @PathVariable UUID id, @RequestBody MessageBody body) {
    return disputes.merchantMessage(caller, id, body == null ? null : body.body());
  }

  @PostMapping("/api/v1/merchant/disputes/{id}/accept")
  @Operation(summary = "Gives in: a refund during the inquiry, the hold to the customer after")
  Detail accept(MerchantCaller caller, @PathVariable UUID id) {
    return disputes.accept(caller, id);
  }

  @PostMapping("/api/v1/merchant/disputes/{id}/evidence")
  @Operation(summary = "Sends the evidence; the dispute goes to an OKPay agent")
  Detail evidence(MerchantCaller caller, @PathVariable UUID id,
      @RequestBody DisputesApi.Evidence body) {
    return disputes.submitEvidence(caller, id, body);
  }

  @PostMapping(path = "/api/v1/merchant/disputes/{id}/files",
      consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
  @Operation(summary = "Adds an evidence file (PDF, PNG, JPEG or text, at most 5 MiB)")
  ResponseEntity<DisputesApi.FileInfo> file(MerchantCaller caller, @PathVariable UUID id,
      @RequestParam("file") MultipartFile file) throws IOException {
    return ResponseEntity.status(HttpStatus.CREATED).body(disputes.addFile(caller, id,
        file.getOriginalFilename(), file.getContentType(), file.getBytes()));
  }

  @GetMapping("/api/v1/merchant/disputes/{id}/files/{fileId}")
  @Operation(summary = "Downloads an evidence file (always as an attachment)")
  ResponseEntity<byte[]> download(MerchantCaller caller, @PathVariable UUID id,
      @PathVariable UUID fileId) {
    return attachment(disputes.file(caller, id, fileId)
        .orElseThrow(() -> new OkPayException(ErrorCode.DISPUTE_FILE_NOT_FOUND)));
  }

  /** Never inline: a download with its own type, no sniffing, and a sandbox for good measure. */
  static ResponseEntity<byte[]> attachment(DisputesApi.FileContent f) {
    return ResponseEntity.ok()
        .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment()
            .filename(f.info().fileName(), java.nio.charset.StandardCharsets.UTF_8).build()
            .toString())
        .header("X-Content-Type-Options", "nosniff")
        .header("Content-Security-Policy", "sandbox; default-src 'none'")
        .contentType(MediaType.APPLICATION_OCTET_STREAM)
        .body(f.content());
  }
}
