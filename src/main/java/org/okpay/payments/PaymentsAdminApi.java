package org.okpay.payments;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.okpay.shared.ErrorCode;
import org.okpay.shared.Money;

/**
 * The staff side of payments: payments the risk checks held for a review, and the reconciliation
 * job's runs and findings. Not scoped to a user: callers let only staff in (the admin API guard,
 * the admin pages). {@code staff} names who acted, for the transaction's steps and the finding.
 */
public interface PaymentsAdminApi {

  /** Most rows any list answers. */
  int LIST_MAX = 200;

  /** Longest resolution text of a finding. */
  int RESOLUTION_MAX = 1000;

  /** Payments held for a review, oldest first (at most {@link #LIST_MAX}). */
  List<HeldPayment> heldForReview();

  /**
   * Lets a held payment go on: it is carried out as if just asked for (and may still fail, e.g.
   * for funds spent meanwhile). 404 {@code transaction_not_found}; 409
   * {@code transaction_not_reviewable} when it is not (or no longer) held.
   */
  Decision approve(UUID transactionId, String staff);

  /**
   * Stops a held payment: it fails with {@code review_rejected}, nothing moves, the user is told.
   * Same refusals as {@link #approve}.
   */
  Decision reject(UUID transactionId, String staff);

  /** Runs reconciliation now (it also runs on a schedule) and returns the run. */
  ReconciliationRun runReconciliation();

  /** The latest runs, newest first; {@code limit} is kept within 1 and {@link #LIST_MAX}. */
  List<ReconciliationRun> runs(int limit);

  /** Findings, newest first, only the unresolved ones when {@code openOnly}. */
  List<Finding> findings(boolean openOnly, int limit);

  /**
   * Records how an open finding was dealt with. The resolution is required (at most
   * {@link #RESOLUTION_MAX} characters): 400 {@code validation_failed} on field
   * {@code resolution}; an unknown or already resolved finding is 404 {@code finding_not_found}.
   * Nothing else changes: money is corrected by its own operations, never here.
   */
  Finding resolve(long findingId, String resolution, String staff);

  /**
   * A payment waiting for a review.
   *
   * @param userId who sends it
   * @param userEmail their e-mail address, for the agent; null if the user is gone
   * @param counterparty who or where it goes, e.g. an e-mail address or a bank
   * @param riskReasons why it was held: {@code unusual_amount}, {@code new_recipient},
   *     {@code new_device}
   * @param operationKey the {@link OperationType#key()} (JSON {@code operation}); {@code operation}
   *     is null for a registered type
   */
  record HeldPayment(UUID id, UUID userId, String userEmail,
      @com.fasterxml.jackson.annotation.JsonIgnore Operation operation, Money amount,
      Money fee, String counterparty, List<String> riskReasons, Instant createdAt,
      @com.fasterxml.jackson.annotation.JsonProperty("operation") String operationKey) {

    public HeldPayment {
      riskReasons = List.copyOf(riskReasons);
    }
  }

  /**
   * A held payment after the decision.
   *
   * @param state where it went: e.g. completed when approved, failed when rejected
   * @param failure why it failed ({@code review_rejected} when rejected); null otherwise
   */
  record Decision(UUID id, TransactionState state, ErrorCode failure) {
  }

  /**
   * One reconciliation run.
   *
   * @param finishedAt null while it runs (or if it stopped half way)
   * @param checked transactions asked about
   * @param settled of those, the ones it brought to an end (completed, failed, returned)
   * @param findings of those, the ones it could not explain
   */
  record ReconciliationRun(long id, Instant startedAt, Instant finishedAt, int checked,
      int settled, int findings) {
  }

  /**
   * What reconciliation could not explain, for an agent.
   *
   * @param ledgerState the transaction's state in OKPay when found, e.g. {@code processing}
   * @param railState what the rail said, e.g. {@code completed}, {@code not_found}
   * @param resolvedAt null while open
   */
  record Finding(long id, long runId, UUID transactionId, FindingKind kind, String ledgerState,
      String railState, String detail, Instant createdAt, Instant resolvedAt,
      String resolvedBy, String resolution) {
  }
}
