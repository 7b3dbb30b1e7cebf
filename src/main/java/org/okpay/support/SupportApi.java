package org.okpay.support;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Cases, for the other parts of support, the help center and the pages. Every read for a
 * customer is scoped to that customer: another customer's case is "not found".
 */
public interface SupportApi {

  int CASES_PAGE_MAX = 100;

  /**
   * Opens a case, or returns the one already opened with the same {@link NewCase#sourceKey}.
   * Starts the SLA clocks, stores the first message, e-mails the confirmation with the
   * answer-by time in the customer's zone and leaves an in-app notice.
   */
  SupportCase open(NewCase request);

  /** A customer's cases, newest first, at most {@code limit} (capped at {@link #CASES_PAGE_MAX}). */
  List<SupportCase> casesOf(UUID customerId, int limit);

  /** One of the customer's cases; empty for an unknown id or another customer's case. */
  Optional<SupportCase> caseOf(UUID customerId, UUID caseId);

  /**
   * The signed-in customer opens a case from the help center, a transaction or a refund: the
   * linked thing must be theirs ({@code transaction_not_found}, {@code refund_not_found},
   * {@code refund_request_not_found} otherwise); account_security cases are high priority,
   * the others normal. Idempotent on {@code sourceKey}: the same key with other fields is
   * {@code idempotency_key_reused}.
   *
   * @param channel {@code web} or {@code api}
   */
  OpenedCase openMine(org.okpay.identity.CurrentUser customer, CustomerRequest request,
      String sourceKey, String channel);

  /**
   * What a customer asks; at most one of the links (transaction, refund, refund request).
   *
   * @param category null is refused ({@code validation_failed} on {@code category})
   */
  record CustomerRequest(CaseCategory category, String subject, String message,
      UUID transactionId, UUID refundId, UUID refundRequestId) {
  }

  /** @param created false when the source key had opened it before */
  record OpenedCase(SupportCase supportCase, boolean created) {
  }

  // ---- The customer's side of one case (added by helper cases; all scoped to the customer:
  // another customer's case is case_not_found) ----

  /** Files a customer may attach: at most 5 MB, PNG, JPEG, PDF or plain text. */
  int ATTACHMENT_BYTES_MAX = 5 * 1024 * 1024;

  /** The case with its thread (no internal notes), attachments and call-backs. */
  Optional<CaseDetail> detailOf(UUID customerId, UUID caseId);

  /**
   * The customer writes on their case (web or API), with at most one file. A case waiting on
   * the customer goes back to OKPay; a resolved one within 7 days is reopened.
   *
   * @param via {@code web} or {@code api}
   * @param file null for none
   */
  SupportCase reply(UUID customerId, UUID caseId, String body, String via, Upload file);

  /** One attachment of the customer's own case, to download. */
  Optional<Download> attachmentOf(UUID customerId, UUID caseId, UUID attachmentId);

  /** The customer closes their case (final). */
  SupportCase closeByCustomer(UUID customerId, UUID caseId);

  /**
   * Reopens a case resolved less than 7 days ago (a repeat complaint); after that, or once
   * closed, opens a new case linked to the old one (once: asked again, the same new case).
   */
  SupportCase reopen(UUID customerId, UUID caseId);

  /** A 1-5 rating with an optional comment, once, after the case is resolved or closed. */
  SupportCase rate(UUID customerId, UUID caseId, int rating, String comment);

  /**
   * "Call me back" at a phone number (E.164) in a window that starts in the future and ends at
   * most 7 days ahead; one requested call-back per case at a time.
   */
  Callback requestCallback(UUID customerId, UUID caseId, String phone, Instant windowStart,
      Instant windowEnd);

  /**
   * @param reopenableUntil until when reopening continues this case (null when it cannot)
   * @param repeatOf the older case this one repeats, or null
   * @param reopenCount how often the customer reopened it (each a repeat complaint)
   */
  record CaseDetail(SupportCase supportCase, List<Message> messages, List<Callback> callbacks,
      boolean rateable, Instant reopenableUntil, UUID repeatOf, int reopenCount,
      String ratingComment, List<StatusChange> history) {
  }

  /** @param author {@code customer}, {@code agent} or {@code system} */
  record Message(UUID id, String author, String body, String via, Instant at,
      List<Attachment> attachments) {
  }

  record Attachment(UUID id, String fileName, String contentType, int sizeBytes) {
  }

  /** @param state {@code requested}, {@code done} or {@code canceled} */
  record Callback(UUID id, String phone, Instant windowStart, Instant windowEnd, String state) {
  }

  /** A status move the customer sees in the case's history. */
  record StatusChange(CaseStatus from, CaseStatus to, Instant at) {
  }

  /** A file to attach as the client sent it; the type is checked against the bytes. */
  record Upload(String fileName, String contentType, byte[] content) {
  }

  /** A file to serve: always as an attachment, never inline. */
  record Download(String fileName, String contentType, byte[] content) {
  }
}
