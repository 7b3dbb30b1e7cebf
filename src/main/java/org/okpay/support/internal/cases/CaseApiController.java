package org.okpay.support.internal.cases;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.UUID;
import org.okpay.identity.CurrentUser;
import org.okpay.shared.ErrorCode;
import org.okpay.shared.FieldErrors;
import org.okpay.shared.OkPayException;
import org.okpay.support.CaseCategory;
import org.okpay.support.SupportApi;
import org.okpay.support.SupportApi.CaseDetail;
import org.okpay.support.SupportApi.Callback;
import org.okpay.support.SupportApi.CustomerRequest;
import org.okpay.support.SupportApi.Download;
import org.okpay.support.SupportApi.OpenedCase;
import org.okpay.support.SupportApi.Upload;
import org.okpay.support.SupportCase;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

/**
 * The customer's cases over JSON, under {@code /api/v1/me/support/cases}: scoped to the caller
 * (bearer token or session); another customer's case is {@code 404 case_not_found} on every
 * path, exactly like a case that does not exist.
 */
@RestController
@Tag(name = "Support cases")
class CaseApiController {

  static final String BASE = "/api/v1/me/support/cases";
  static final String KEY = "Idempotency-Key";
  static final int KEY_LENGTH_MAX = 100;

  private final SupportApi support;

  CaseApiController(SupportApi support) {
    this.support = support;
  }

  record NewCaseBody(String category, String subject, String message, UUID transactionId,
      UUID refundId, UUID refundRequestId) {
  }

  record CasesView(List<SupportCase> cases) {
  }

  record MessageBody(String body) {
  }

  record RatingBody(Integer rating, String comment) {
  }

  record CallbackBody(String phone, String windowStart, String windowEnd) {
  }

  @PostMapping(BASE)
  @Operation(summary = "Open a case {category, subject, message, transactionId | refundId | "
      + "refundRequestId}; needs Idempotency-Key (the same key answers the same case)")
  ResponseEntity<SupportCase> open(@AuthenticationPrincipal CurrentUser user,
      @RequestHeader(value = KEY, required = false) String key,
      @RequestBody NewCaseBody body) {
    String checkedKey = key(key);
    if (body == null) {
      throw FieldErrors.invalid("category", FieldErrors.REQUIRED);
    }
    OpenedCase opened = support.openMine(user, new CustomerRequest(category(body.category()),
        body.subject(), body.message(), body.transactionId(), body.refundId(),
        body.refundRequestId()), "api:" + user.userId() + ":" + checkedKey, "api");
    return ResponseEntity.status(opened.created() ? HttpStatus.CREATED : HttpStatus.OK)
        .body(opened.supportCase());
  }

  @GetMapping(BASE)
  @Operation(summary = "My cases, newest first, with status and answer-by time")
  CasesView mine(@AuthenticationPrincipal CurrentUser user,
      @RequestParam(defaultValue = "50") int limit) {
    if (limit < 1 || limit > SupportApi.CASES_PAGE_MAX) {
      throw FieldErrors.invalid("limit", FieldErrors.OUT_OF_RANGE);
    }
    return new CasesView(support.casesOf(user.userId(), limit));
  }

  @GetMapping(BASE + "/{id}")
  @Operation(summary = "One of my cases with its messages (no internal notes) and call-backs")
  CaseDetail one(@AuthenticationPrincipal CurrentUser user, @PathVariable UUID id) {
    return support.detailOf(user.userId(), id)
        .orElseThrow(() -> new OkPayException(ErrorCode.CASE_NOT_FOUND));
  }

  @PostMapping(path = BASE + "/{id}/messages", consumes = MediaType.APPLICATION_JSON_VALUE)
  @Operation(summary = "Write on my case {body}")
  SupportCase message(@AuthenticationPrincipal CurrentUser user, @PathVariable UUID id,
      @RequestBody MessageBody body) {
    return support.reply(user.userId(), id, body == null ? null : body.body(), "api", null);
  }

  @PostMapping(path = BASE + "/{id}/messages", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
  @Operation(summary = "Write on my case with one file (part 'body', part 'file': PNG, JPEG, "
      + "PDF or plain text, at most 5 MB)")
  SupportCase messageWithFile(@AuthenticationPrincipal CurrentUser user, @PathVariable UUID id,
      @RequestParam(name = "body", required = false) String body,
      @RequestPart(name = "file", required = false) MultipartFile file) throws IOException {
    return support.reply(user.userId(), id, body, "api", upload(file));
  }

  @GetMapping(BASE + "/{id}/attachments/{attachmentId}")
  @Operation(summary = "Download a file of my case (always as an attachment)")
  ResponseEntity<byte[]> attachment(@AuthenticationPrincipal CurrentUser user,
      @PathVariable UUID id, @PathVariable UUID attachmentId) {
    if (support.caseOf(user.userId(), id).isEmpty()) {
      throw new OkPayException(ErrorCode.CASE_NOT_FOUND);
    }
    Download file = support.attachmentOf(user.userId(), id, attachmentId)
        .orElseThrow(() -> new OkPayException(ErrorCode.CASE_ATTACHMENT_NOT_FOUND));
    return download(file);
  }

  @PostMapping(BASE + "/{id}/close")
  @Operation(summary = "Close my case (final)")
  SupportCase close(@AuthenticationPrincipal CurrentUser user, @PathVariable UUID id) {
    return support.closeByCustomer(user.userId(), id);
  }

  @PostMapping(BASE + "/{id}/reopen")
  @Operation(summary = "Reopen within 7 days of resolution; later, a new case linked to it")
  SupportCase reopen(@AuthenticationPrincipal CurrentUser user, @PathVariable UUID id) {
    return support.reopen(user.userId(), id);
  }

  @PostMapping(BASE + "/{id}/rating")
  @Operation(summary = "Rate my resolved or closed case {rating: 1-5, comment}, once")
  SupportCase rate(@AuthenticationPrincipal CurrentUser user, @PathVariable UUID id,
      @RequestBody RatingBody body) {
    if (body == null || body.rating() == null) {
      throw FieldErrors.invalid("rating", FieldErrors.REQUIRED);
    }
    return support.rate(user.userId(), id, body.rating(), body.comment());
  }

  @PostMapping(BASE + "/{id}/callback")
  @Operation(summary = "Ask for a call-back {phone (E.164), windowStart, windowEnd (ISO-8601, "
      + "in the future, at most 7 days ahead)}")
  ResponseEntity<Callback> callback(@AuthenticationPrincipal CurrentUser user,
      @PathVariable UUID id, @RequestBody CallbackBody body) {
    if (body == null) {
      throw FieldErrors.invalid("phone", FieldErrors.REQUIRED);
    }
    Callback made = support.requestCallback(user.userId(), id, body.phone(),
        instant(body.windowStart(), "windowStart"), instant(body.windowEnd(), "windowEnd"));
    return ResponseEntity.status(HttpStatus.CREATED).body(made);
  }

  /**
   * A file is never shown inline: a download with its checked type, nosniff, and a policy that
   * runs nothing should a browser open it anyway.
   */
  static ResponseEntity<byte[]> download(Download file) {
    return ResponseEntity.ok()
        .contentType(MediaType.parseMediaType(file.contentType()))
        .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment()
            .filename(file.fileName(), StandardCharsets.UTF_8).build().toString())
        .header("X-Content-Type-Options", "nosniff")
        .header("Content-Security-Policy", "default-src 'none'; sandbox")
        .header(HttpHeaders.CACHE_CONTROL, "private, no-store")
        .body(file.content());
  }

  static Upload upload(MultipartFile file) throws IOException {
    if (file == null || file.isEmpty()) {
      return null;
    }
    if (file.getSize() > SupportApi.ATTACHMENT_BYTES_MAX) {
      throw new OkPayException(ErrorCode.CASE_ATTACHMENT_TOO_LARGE);
    }
    return new Upload(file.getOriginalFilename(), file.getContentType(), file.getBytes());
  }

  static CaseCategory category(String code) {
    if (code == null || code.isBlank()) {
      throw FieldErrors.invalid("category", FieldErrors.REQUIRED);
    }
    try {
      return CaseCategory.fromCode(code.strip());
    } catch (IllegalArgumentException e) {
      throw FieldErrors.invalid("category", FieldErrors.UNKNOWN);
    }
  }

  private static Instant instant(String value, String field) {
    if (value == null || value.isBlank()) {
      throw FieldErrors.invalid(field, FieldErrors.REQUIRED);
    }
    try {
      return java.time.OffsetDateTime.parse(value.strip()).toInstant();
    } catch (DateTimeParseException e) {
      throw FieldErrors.invalid(field, FieldErrors.FORMAT);
    }
  }

  private static String key(String key) {
    if (key == null || key.isBlank()) {
      throw new OkPayException(ErrorCode.IDEMPOTENCY_KEY_MISSING);
    }
    boolean printable = key.chars().allMatch(c -> c > 32 && c < 127);
    if (key.length() > KEY_LENGTH_MAX || !printable) {
      throw FieldErrors.invalid("Idempotency-Key", FieldErrors.FORMAT);
    }
    return key;
  }
}
