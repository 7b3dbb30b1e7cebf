package org.okpay.support.internal.agent;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import java.util.UUID;
import org.okpay.shared.ErrorCode;
import org.okpay.shared.OkPayException;
import org.okpay.support.CannedRepliesApi;
import org.okpay.support.CannedRepliesApi.CannedReply;
import org.okpay.support.CannedRepliesApi.CannedReplyText;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Admins manage the canned replies (agents read them through a case, filled for it). */
@RestController
@RequestMapping("/api/v1/admin/support/canned-replies")
@Tag(name = "Support: agent console")
class CannedRepliesController {

  private final CannedRepliesApi replies;

  CannedRepliesController(CannedRepliesApi replies) {
    this.replies = replies;
  }

  @GetMapping
  @Operation(summary = "Every canned reply with both languages (admins)")
  List<CannedReply> list() {
    return replies.list();
  }

  @GetMapping("/{id}")
  @Operation(summary = "One canned reply (admins)")
  CannedReply one(@PathVariable UUID id) {
    return replies.find(id).orElseThrow(() -> new OkPayException(ErrorCode.CANNED_REPLY_NOT_FOUND));
  }

  @PostMapping
  @Operation(summary = "Write a canned reply in English and Chinese; {name}, {reference}, "
      + "{subject} and {agent} are filled when it is used (admins)")
  ResponseEntity<CannedReply> create(@RequestBody CannedReplyText body) {
    return ResponseEntity.status(HttpStatus.CREATED).body(replies.create(body));
  }

  @PutMapping("/{id}")
  @Operation(summary = "Change a canned reply (admins)")
  CannedReply update(@PathVariable UUID id, @RequestBody CannedReplyText body) {
    return replies.update(id, body);
  }

  @DeleteMapping("/{id}")
  @Operation(summary = "Delete a canned reply (admins)")
  ResponseEntity<Void> delete(@PathVariable UUID id) {
    replies.delete(id);
    return ResponseEntity.noContent().build();
  }
}
