package org.okpay.audit;

import java.time.Instant;

/**
 * The outcome of walking one chain: ok, or the first problem found and the sequence number
 * where it is.
 *
 * @param chain the chain walked
 * @param problem null when ok, else what is wrong
 * @param seq where the problem is (the first missing, changed or misplaced row), null when ok
 * @param eventsChecked rows read
 * @param lastSeq the last sequence number found in the table (0 for none)
 * @param checkpointSeq the highest sequence number a trusted checkpoint vouches for, null if none
 * @param checkpointAt when that checkpoint was signed, null if none
 */
public record AuditVerification(String chain, Problem problem, Long seq, long eventsChecked,
    long lastSeq, Long checkpointSeq, Instant checkpointAt) {

  /** What verify can find, in the words of docs/support-audit.md. */
  public enum Problem {
    /** A row's contents no longer give its stored hash, or a checkpoint's hash. */
    HASH_MISMATCH("hash_mismatch"),
    /** A sequence number is missing in the middle of the chain. */
    SEQ_GAP("seq_gap"),
    /** Rows a checkpoint or the chain head vouched for are gone from the end. */
    MISSING_TAIL("missing_tail"),
    /** A checkpoint's signature is wrong or made by a key this instance does not trust. */
    BAD_SIGNATURE("bad_signature"),
    /** A row does not follow the one before it (rows moved, swapped or rewritten). */
    ORDER("order");

    private final String key;

    Problem(String key) {
      this.key = key;
    }

    public String key() {
      return key;
    }
  }

  public boolean ok() {
    return problem == null;
  }
}
