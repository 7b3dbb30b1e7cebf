package org.okpay.ledger.internal;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.okpay.ledger.Transfer;
import org.okpay.ledger.TransferKind;
import org.okpay.ledger.TransferRequest;
import org.okpay.ledger.TransferResult;

/**
 * Applies a batch of submissions inside the caller's open transaction: read the holds being
 * settled, lock every touched account in id order, read what is already known of the ids,
 * decide in memory ({@link LedgerBatch}), then write the net balance deltas and the new
 * transfers with one statement each. Locking and reading share one round trip, and so do the
 * writes: a batch costs three round trips with its commit (four when it settles holds),
 * whatever its size.
 */
final class BatchApplier {

  private final BatchStore store;

  BatchApplier(BatchStore store) {
    this.store = store;
  }

  List<List<TransferResult>> apply(Connection c, List<Submission> batch) throws SQLException {
    Set<UUID> holdIds = new HashSet<>();
    Set<UUID> ids = new HashSet<>();
    Set<Long> accountIds = new HashSet<>();
    for (Submission s : batch) {
      for (TransferRequest r : s.requests()) {
        if (r.id() != null) {
          ids.add(r.id());
        }
        if (r.pendingId() != null) {
          holdIds.add(r.pendingId());
        }
        addIfSet(accountIds, r.debitAccountId());
        addIfSet(accountIds, r.creditAccountId());
      }
    }
    // Holds are immutable, so reading them before locking is safe; it tells which accounts a
    // post or void touches. Whether a hold is still open is read again under the locks.
    for (Transfer hold : store.findTransfers(c, holdIds).values()) {
      accountIds.add(hold.debitAccountId());
      accountIds.add(hold.creditAccountId());
    }
    ids.addAll(holdIds);
    BatchStore.Locked locked = store.lockAndFindKnown(c, accountIds, ids);
    BatchStore.Known known = locked.known();
    requireHoldAccountsLocked(holdIds, known, locked.accounts());

    LedgerBatch ledger = new LedgerBatch(locked.accounts(), known.transfers(), known.settlements(),
        known.now());
    List<List<TransferResult>> results = new ArrayList<>(batch.size());
    for (Submission s : batch) {
      results.add(s.linked() ? ledger.applyLinked(s.requests()) : ledger.applyEach(s.requests()));
    }

    Map<UUID, Long> sequences = store.writeEffects(c, ledger.changedAccounts(),
        ledger.newTransfers(), ledger.timeoutsAdded(), ledger.timeoutsRemoved());
    return withSequences(results, sequences);
  }

  /**
   * A hold committed by another batch after our first read but before we got the locks is seen
   * now, yet its accounts are not locked, so settling it here would wrongly find them missing.
   * Such a batch is decided again from the start (as a serialization failure, which the writer
   * retries a bounded number of times); then the first read sees the hold.
   */
  private static void requireHoldAccountsLocked(Set<UUID> holdIds, BatchStore.Known known,
      Map<Long, AccountState> locked) throws SQLException {
    for (UUID holdId : holdIds) {
      Transfer hold = known.transfers().get(holdId);
      if (hold != null && hold.kind() == TransferKind.PENDING
          && !(locked.containsKey(hold.debitAccountId())
              && locked.containsKey(hold.creditAccountId()))) {
        throw new SQLException("hold " + holdId + " appeared while the batch waited for locks",
            "40001");
      }
    }
  }

  private static void addIfSet(Set<Long> ids, long id) {
    if (id != 0) {
      ids.add(id);
    }
  }

  /** New transfers learn their sequence number only from the insert. */
  private static List<List<TransferResult>> withSequences(List<List<TransferResult>> results,
      Map<UUID, Long> sequences) {
    List<List<TransferResult>> out = new ArrayList<>(results.size());
    for (List<TransferResult> list : results) {
      List<TransferResult> mapped = new ArrayList<>(list.size());
      for (TransferResult r : list) {
        Transfer t = r.transfer();
        Long seq = t == null || t.sequence() != 0 ? null : sequences.get(t.id());
        mapped.add(seq == null ? r : new TransferResult(r.id(), r.code(), withSequence(t, seq)));
      }
      out.add(mapped);
    }
    return out;
  }

  private static Transfer withSequence(Transfer t, long seq) {
    return new Transfer(t.id(), seq, t.kind(), t.debitAccountId(), t.creditAccountId(),
        t.amountMinor(), t.currency(), t.pendingId(), t.timeoutAt(), t.code(), t.reference(),
        t.metadata(), t.createdAt());
  }
}
