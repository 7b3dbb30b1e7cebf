package org.okpay.support;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.okpay.identity.CurrentUser;
import org.okpay.merchants.MerchantCaller;

/**
 * Disputes: a customer reports one of their transactions; on a merchant payment the customer and
 * the merchant talk first (inquiry, at most 20 days), then the customer (or the deadline) makes it
 * a claim that holds the disputed amount from the merchant's balance, the merchant sends evidence
 * within 10 days, and an agent decides. See docs/support-disputes.md.
 *
 * <p>Outcomes are named from the customer's side (the one who opened it): {@code won} = decided
 * for the customer (the held money went to them, or the merchant refunded or conceded),
 * {@code lost} = decided for the merchant or recipient (the hold was released to them).
 *
 * <p>Every customer read and write is scoped to the customer, every merchant one to the caller's
 * merchant: another's dispute is "not found" ({@code dispute_not_found}).
 */
public interface DisputesApi {

  List<String> REASONS = List.of("unauthorized", "not_received", "not_as_described",
      "duplicate", "refund_not_received");
  List<String> OPEN_STATUSES = List.of("inquiry", "needs_response", "under_review");
  int LIST_LIMIT_MAX = 100;
  int MESSAGE_LENGTH_MAX = 4000;
  int DESCRIPTION_LENGTH_MAX = 2000;
  int FILES_PER_DISPUTE_MAX = 10;
  /**
   * Largest evidence file, 5 MiB as case attachments: the file paths are upload paths
   * ({@code okpay.http.upload-paths}), whose requests may carry 7 MB instead of 64 KiB.
   */
  int FILE_BYTES_MAX = 5 * 1024 * 1024;
  List<String> FILE_TYPES = List.of("application/pdf", "image/png", "image/jpeg", "text/plain");

  /**
   * @param amountMinor null for the whole amount still in question (a merchant payment: paid less
   *     refunded)
   * @param description what happened, in the customer's words (1..2000 characters)
   */
  record NewDispute(UUID transactionId, String reason, Long amountMinor, String description) {
  }

  record Opened(Dispute dispute, boolean replayed) {
  }

  /**
   * @param kind {@code merchant}, {@code p2p} or {@code other}
   * @param status {@code inquiry}, {@code needs_response}, {@code under_review}, {@code won},
   *     {@code lost} or {@code withdrawn}
   * @param dueAt the deadline of the current stage: escalation (inquiry) or evidence
   *     (needs_response); null otherwise
   * @param holdMinor what is held from the merchant or recipient (may be less than the amount
   *     when their balance was lower)
   * @param holdState {@code none}, {@code placing}, {@code held}, {@code posted}, {@code voided}
   *     ...
   * @param resolution {@code refunded}, {@code conceded}, {@code decided}, {@code withdrawn},
   *     {@code no_response}; null while open
   */
  record Dispute(UUID id, UUID customerId, UUID transactionId, String kind, UUID merchantId,
      String merchantName, UUID paymentId, String reason, String status, long amountMinor,
      String currency, String description, Instant dueAt, Instant inquiryEndsAt,
      Instant evidenceDueAt, long holdMinor, String holdState, String resolution,
      String decisionReason, Instant createdAt, Instant updatedAt, Instant closedAt) {

    @com.fasterxml.jackson.annotation.JsonProperty("object")
    public String object() {
      return "dispute";
    }

    @com.fasterxml.jackson.annotation.JsonIgnore
    public boolean open() {
      return OPEN_STATUSES.contains(status);
    }
  }

  /** @param author {@code customer}, {@code merchant}, {@code agent} or {@code system} */
  record Message(UUID id, String author, String body, Instant createdAt) {
  }

  record Step(String step, String actor, Instant at) {
  }

  record Evidence(String productDescription, String customerCommunication,
      String shippingTracking, String refundPolicy, String explanation, Instant submittedAt) {
  }

  record FileInfo(UUID id, String fileName, String contentType, int sizeBytes,
      Instant createdAt) {
  }

  record FileContent(FileInfo info, byte[] content) {
  }

  /** A dispute with its thread, timeline, evidence and files. */
  record Detail(Dispute dispute, List<Message> messages, List<Step> steps, Evidence evidence,
      List<FileInfo> files) {
  }

  // --- the customer ---

  /** Opens a dispute once per idempotency key (the same key again returns the first one). */
  Opened open(CurrentUser customer, String idempotencyKey, NewDispute request);

  List<Dispute> mine(UUID customerId, int limit);

  Optional<Detail> mine(UUID customerId, UUID disputeId);

  /** The customer's open dispute on a transaction, if any (for the transaction page). */
  Optional<Dispute> openOn(UUID customerId, UUID transactionId);

  Detail customerMessage(UUID customerId, UUID disputeId, String body);

  /** Inquiry → claim: holds the amount from the merchant's balance. */
  Detail escalate(UUID customerId, UUID disputeId);

  Detail withdraw(UUID customerId, UUID disputeId);

  // --- the merchant (disputes: read to look, write to answer) ---

  List<Dispute> ofMerchant(MerchantCaller caller, String status, int limit);

  Optional<Detail> ofMerchant(MerchantCaller caller, UUID disputeId);

  Detail merchantMessage(MerchantCaller caller, UUID disputeId, String body);

  /**
   * The merchant gives in: during the inquiry a refund of the disputed amount is made (needs
   * refunds: write too; the dispute ends when it succeeds), during the claim the hold goes to
   * the customer at once.
   */
  Detail accept(MerchantCaller caller, UUID disputeId);

  FileInfo addFile(MerchantCaller caller, UUID disputeId, String fileName, String contentType,
      byte[] content);

  Optional<FileContent> file(MerchantCaller caller, UUID disputeId, UUID fileId);

  /** Sends the evidence: needs_response → under_review. */
  Detail submitEvidence(MerchantCaller caller, UUID disputeId, Evidence evidence);

  // --- agents ---

  /** Open disputes waiting for an agent first, by deadline (soonest first), then the rest. */
  List<Dispute> queue(String status, int limit);

  Optional<Detail> forAgent(UUID disputeId);

  Optional<FileContent> fileForAgent(UUID disputeId, UUID fileId);

  /** @param outcome {@code customer} (post the hold) or {@code merchant} (void it) */
  Detail decide(CurrentUser agent, UUID disputeId, String outcome, String reason);

  // --- jobs ---

  /**
   * Moves every dispute whose deadline passed (inquiry → needs_response with a hold; no evidence
   * by its due time → under_review) and finishes ledger work a crash left half done. Returns how
   * many moved.
   */
  int advanceDue(Instant now);
}
