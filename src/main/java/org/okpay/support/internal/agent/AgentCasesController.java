package org.okpay.support.internal.agent;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.List;
import java.util.UUID;
import org.okpay.shared.ErrorCode;
import org.okpay.shared.FieldErrors;
import org.okpay.shared.OkPayException;
import org.okpay.support.AgentCasesApi;
import org.okpay.support.AgentCasesApi.CaseDetail;
import org.okpay.support.AgentCasesApi.Message;
import org.okpay.support.AgentCasesApi.QueueFilter;
import org.okpay.support.CannedRepliesApi;
import org.okpay.support.CaseCategory;
import org.okpay.support.CasePriority;
import org.okpay.support.CaseStatus;
import org.okpay.support.SupportApi;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The agent console's API: the queue, a case with its whole thread, and the agent's actions. */
@RestController
@RequestMapping("/api/v1/admin/support/cases")
@Tag(name = "Support: agent console")
class AgentCasesController {

  private static final String STATUS = "open|waiting_on_customer|waiting_on_agent|resolved|closed";

  private final AgentCasesApi agent;
  private final CannedRepliesApi canned;

  AgentCasesController(AgentCasesApi agent, CannedRepliesApi canned) {
    this.agent = agent;
    this.canned = canned;
  }

  @GetMapping
  @Operation(summary = "The queue: breached first, then by the soonest due time (answer-by or "
      + "resolve-by); filters by category, priority, status (default: the active ones), breach "
      + "(warning|breached) and mine=true (assigned to me); offset/limit pages (limit <= 100)")
  CaseJson.Page queue(@RequestParam(required = false) String category,
      @RequestParam(required = false) String priority,
      @RequestParam(required = false) String status,
      @RequestParam(required = false) String breach,
      @RequestParam(defaultValue = "false") boolean mine,
      @RequestParam(defaultValue = "0") int offset,
      @RequestParam(defaultValue = "50") int limit) {
    return CaseJson.Page.of(agent.queue(filter(category, priority, status, breach, mine), offset,
        limit));
  }

  /** Reads the queue's filters from text, each a field error when unknown. */
  static QueueFilter filter(String category, String priority, String status, String breach,
      boolean mine) {
    return new QueueFilter(
        parse("category", category, () -> CaseCategory.fromCode(category)),
        parse("priority", priority, () -> CasePriority.fromCode(priority)),
        parse("status", status, () -> CaseStatus.fromCode(status)),
        parse("breach", breach, () -> {
          if (!breach.matches("warning|breached")) {
            throw new IllegalArgumentException(breach);
          }
          return breach;
        }), mine);
  }

  private static <T> T parse(String field, String value, java.util.function.Supplier<T> read) {
    if (value == null || value.isBlank()) {
      return null;
    }
    try {
      return read.get();
    } catch (IllegalArgumentException unknown) {
      throw FieldErrors.invalid(field, FieldErrors.UNKNOWN);
    }
  }

  @GetMapping("/{id}")
  @Operation(summary = "One case: the whole thread with internal notes, events, the customer's "
      + "contact, call-backs and the linked transaction's tracker")
  CaseJson.Detail detail(@PathVariable UUID id) {
    return CaseJson.Detail.of(found(id));
  }

  private CaseDetail found(UUID id) {
    return agent.detail(id).orElseThrow(() -> new OkPayException(ErrorCode.CASE_NOT_FOUND));
  }

  @GetMapping("/{id}/attachments/{attachmentId}")
  @Operation(summary = "Download a file of the thread (always as an attachment, never inline)")
  ResponseEntity<byte[]> attachment(@PathVariable UUID id, @PathVariable UUID attachmentId) {
    SupportApi.Download file = agent.attachment(id, attachmentId)
        .orElseThrow(() -> new OkPayException(ErrorCode.CASE_ATTACHMENT_NOT_FOUND));
    return ResponseEntity.ok()
        .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment()
            .filename(file.fileName(), java.nio.charset.StandardCharsets.UTF_8).build().toString())
        .header("X-Content-Type-Options", "nosniff")
        .contentType(MediaType.APPLICATION_OCTET_STREAM)
        .body(file.content());
  }

  record CannedChoice(UUID id, String title, String text) {
  }

  @GetMapping("/{id}/canned-replies")
  @Operation(summary = "The canned replies in the case's language, filled for it")
  List<CannedChoice> cannedReplies(@PathVariable UUID id) {
    CaseDetail c = found(id);
    return canned.list().stream().map(r -> new CannedChoice(r.id(), r.title(c.language()),
        agent.cannedText(id, r.id()))).toList();
  }

  /** {@code status}: what the case waits for after the reply (default waiting_on_customer). */
  record ReplyBody(@Size(max = 10_000) String body, UUID cannedReplyId,
      @Pattern(regexp = "waiting_on_customer|resolved") String status) {
  }

  @PostMapping("/{id}/replies")
  @Operation(summary = "Answer the customer: e-mailed with the thread (subject with the case "
      + "reference, Reply-To the support mailbox) and in-app; body or cannedReplyId")
  ResponseEntity<Message> reply(@PathVariable UUID id, @Valid @RequestBody ReplyBody body) {
    return ResponseEntity.status(HttpStatus.CREATED).body(agent.reply(id, body.body(),
        body.cannedReplyId(), body.status() == null ? null : CaseStatus.fromCode(body.status())));
  }

  record NoteBody(@NotNull @Size(min = 1, max = 10_000) String body) {
  }

  @PostMapping("/{id}/notes")
  @Operation(summary = "An internal note: agents only, never shown to the customer nor e-mailed")
  ResponseEntity<Message> note(@PathVariable UUID id, @Valid @RequestBody NoteBody body) {
    return ResponseEntity.status(HttpStatus.CREATED).body(agent.note(id, body.body()));
  }

  record StatusBody(@NotNull @Pattern(regexp = STATUS) String status,
      @NotNull @Size(min = 1, max = AgentCasesApi.REASON_MAX) String reason) {
  }

  @PostMapping("/{id}/status")
  @Operation(summary = "Set the status (with a reason, in the audit log); the customer is told")
  CaseJson status(@PathVariable UUID id, @Valid @RequestBody StatusBody body) {
    return CaseJson.of(agent.changeStatus(id, CaseStatus.fromCode(body.status()), body.reason()));
  }

  record PriorityBody(@NotNull @Pattern(regexp = "urgent|high|normal") String priority,
      @NotNull @Size(min = 1, max = AgentCasesApi.REASON_MAX) String reason) {
  }

  @PostMapping("/{id}/priority")
  @Operation(summary = "Set the priority (with a reason); the SLA targets follow it")
  CaseJson priority(@PathVariable UUID id, @Valid @RequestBody PriorityBody body) {
    return CaseJson.of(agent.changePriority(id, CasePriority.fromCode(body.priority()),
        body.reason()));
  }

  record CallbackBody(@NotNull @Pattern(regexp = "done|canceled") String state) {
  }

  @PostMapping("/{id}/callbacks/{callbackId}")
  @Operation(summary = "How a requested call-back ended: done (called) or canceled")
  ResponseEntity<Void> callback(@PathVariable UUID id, @PathVariable UUID callbackId,
      @Valid @RequestBody CallbackBody body) {
    agent.finishCallback(id, callbackId, "done".equals(body.state()));
    return ResponseEntity.noContent().build();
  }

  /** {@code assigneeId} an agent; or {@code toMe}; neither: unassigned. */
  record AssignBody(UUID assigneeId, Boolean toMe,
      @Size(max = AgentCasesApi.REASON_MAX) String reason) {
  }

  @PostMapping("/{id}/assign")
  @Operation(summary = "Assign the case to an agent, to me (toMe: true), or to nobody")
  CaseJson assign(@PathVariable UUID id, @Valid @RequestBody AssignBody body) {
    return CaseJson.of(agent.assign(id, body.assigneeId(), Boolean.TRUE.equals(body.toMe()),
        body.reason()));
  }
}
