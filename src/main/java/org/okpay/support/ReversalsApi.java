package org.okpay.support;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import org.okpay.identity.CurrentUser;
import org.okpay.shared.Money;

/**
 * Reversals of completed payments by support staff: an agent asks with a reason; above the
 * configured amount ({@code okpay.support.reversals.second-approval-above-minor}) a second agent
 * must approve (never the one who asked: the database refuses it too), at or below it the request
 * is carried out at once. The money moves back through the payments engine (operation
 * {@code reversal}), at most once per transaction. Every step is in the audit log.
 *
 * <p>Refusals are {@link org.okpay.shared.OkPayException}s and change nothing: {@code
 * validation_failed}, {@code idempotency_key_missing}, {@code idempotency_key_reused}, {@code
 * transaction_not_found}, {@code not_reversible}, {@code reversal_exists}, {@code
 * reversal_recipient_frozen}, {@code reversal_insufficient_funds}, {@code reversal_not_found},
 * {@code reversal_own_approval}, {@code reversal_not_pending}, {@code forbidden}. See
 * docs/support-reversals.md.
 */
public interface ReversalsApi {

  int REASON_LENGTH_MAX = 500;
  int LIST_MAX = 200;

  /** What reversing this transaction would do, for the request form; the same refusals. */
  Candidate candidate(UUID transactionId);

  /** Asks for a reversal, once per {@code idempotencyKey} of the asking staff member. */
  Created request(CurrentUser staff, String idempotencyKey, UUID transactionId, String reason);

  /** Newest first; a null status lists all; {@code limit} is kept within 1 and {@link #LIST_MAX}. */
  List<Reversal> list(ReversalStatus status, int limit);

  Optional<Reversal> reversal(UUID id);

  /** A second staff member approves a pending request; the money moves at once. */
  Reversal approve(CurrentUser staff, UUID id, String reason);

  /** Stops a pending request (its requester may withdraw it); nothing moves. */
  Reversal reject(CurrentUser staff, UUID id, String reason);

  enum ReversalStatus {
    PENDING_APPROVAL, APPROVED, EXECUTED, REJECTED, FAILED;

    @com.fasterxml.jackson.annotation.JsonValue
    public String key() {
      return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<ReversalStatus> find(String key) {
      return Arrays.stream(values()).filter(s -> s.key().equals(key)).findFirst();
    }
  }

  /**
   * A transaction that can be reversed.
   *
   * @param payer who paid and gets the money back; {@code recipient} gives it back
   * @param secondApprovalNeeded the amount is above the threshold of its currency
   */
  record Candidate(UUID transactionId, String operation, Money amount, UUID payerUserId,
      String payer, UUID recipientUserId, String recipient, Instant paidAt,
      boolean secondApprovalNeeded, Money threshold) {
  }

  /**
   * One request.
   *
   * @param reversalTransactionId the payments transaction that moved the money back (both users
   *     see it in their history with its tracker); null until it is carried out
   * @param failureCode why it failed (an error code, e.g. {@code reversal_insufficient_funds})
   */
  record Reversal(UUID id, UUID transactionId, UUID reversalTransactionId, Money amount,
      UUID payerUserId, String payer, UUID recipientUserId, String recipient, UUID requestedBy,
      String requestedByEmail, String reason, boolean secondApprovalRequired,
      ReversalStatus status, UUID approvedBy, String approvedByEmail, UUID rejectedBy,
      String rejectedByEmail, String decisionReason, Instant decidedAt, String failureCode,
      Instant executedAt, Instant createdAt) {
  }

  record Created(Reversal reversal, boolean replayed) {
  }
}
