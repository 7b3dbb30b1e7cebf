package org.okpay.audit.internal;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.okpay.audit.AuditApi;
import org.okpay.audit.AuditCheckpoint;
import org.okpay.audit.AuditEntry;
import org.okpay.audit.AuditPage;
import org.okpay.audit.AuditQuery;
import org.okpay.audit.AuditVerification;
import org.okpay.shared.FieldErrors;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** The audit log for admins: the rows with filters, verify, a checkpoint now (AuditStaffRules). */
@RestController
@Tag(name = "Audit")
class AuditApiController {

  private static final int LIMIT_DEFAULT = 50;

  private final AuditApi audit;

  AuditApiController(AuditApi audit) {
    this.audit = audit;
  }

  @GetMapping("/api/v1/admin/audit/events")
  @Operation(summary = "Audit rows, newest first, filtered by action prefix, actor, subject, "
      + "time (ISO-8601 instants, from inclusive, to exclusive) and chain; paged by nextCursor")
  Map<String, Object> events(@RequestParam(required = false) String action,
      @RequestParam(required = false) String actorId,
      @RequestParam(required = false) String subjectType,
      @RequestParam(required = false) String subjectId,
      @RequestParam(required = false) String from, @RequestParam(required = false) String to,
      @RequestParam(required = false) String chain,
      @RequestParam(required = false) String cursor,
      @RequestParam(required = false) String limit) {
    AuditPage page = audit.events(new AuditQuery(action, actorId, subjectType, subjectId,
        instant("from", from), instant("to", to), chain, cursor, limit(limit)));
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("events", page.entries().stream().map(AuditApiController::json).toList());
    body.put("nextCursor", page.nextCursor());
    return body;
  }

  @PostMapping("/api/v1/admin/audit/verify")
  @Operation(summary = "Walk one chain (?chain=identity) or all, recomputing hashes and "
      + "comparing with the signed checkpoints; ok or the first problem with its seq")
  Map<String, Object> verify(@RequestParam(required = false) String chain) {
    List<AuditVerification> results = audit.verify(chain == null || chain.isBlank() ? null : chain);
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("ok", results.stream().allMatch(AuditVerification::ok));
    body.put("chains", results.stream().map(AuditApiController::json).toList());
    return body;
  }

  @PostMapping("/api/v1/admin/audit/checkpoints")
  @ResponseStatus(HttpStatus.CREATED)
  @Operation(summary = "Sign a checkpoint of every chain that moved since its last one, now")
  Map<String, Object> checkpoint() {
    List<AuditCheckpoint> made = audit.checkpointNow();
    return Map.of("checkpoints", made.stream().map(AuditApiController::json).toList());
  }

  static Map<String, Object> json(AuditEntry e) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("chain", e.chain());
    m.put("seq", e.seq());
    m.put("at", e.at().toString());
    m.put("action", e.action());
    m.put("actorType", e.actorType());
    m.put("actorId", e.actorId());
    m.put("subjectType", e.subjectType());
    m.put("subjectId", e.subjectId());
    m.put("reason", e.reason());
    m.put("details", e.details());
    m.put("prevHash", e.prevHash());
    m.put("hash", e.hash());
    return m;
  }

  static Map<String, Object> json(AuditVerification v) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("chain", v.chain());
    m.put("ok", v.ok());
    m.put("problem", v.problem() == null ? null : v.problem().key());
    m.put("seq", v.seq());
    m.put("eventsChecked", v.eventsChecked());
    m.put("lastSeq", v.lastSeq());
    m.put("checkpointSeq", v.checkpointSeq());
    m.put("checkpointAt", v.checkpointAt() == null ? null : v.checkpointAt().toString());
    return m;
  }

  static Map<String, Object> json(AuditCheckpoint c) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("chain", c.chain());
    m.put("lastSeq", c.lastSeq());
    m.put("lastHash", c.lastHash());
    m.put("at", c.at().toString());
    m.put("keyId", c.keyId());
    return m;
  }

  private static Instant instant(String field, String value) {
    if (value == null || value.isBlank()) {
      return null;
    }
    try {
      return Instant.parse(value.strip());
    } catch (DateTimeParseException e) {
      throw FieldErrors.invalid(field, FieldErrors.FORMAT);
    }
  }

  private static int limit(String value) {
    if (value == null || value.isBlank()) {
      return LIMIT_DEFAULT;
    }
    try {
      return Integer.parseInt(value.strip());
    } catch (NumberFormatException e) {
      throw FieldErrors.invalid("limit", FieldErrors.FORMAT);
    }
  }
}
