package org.okpay.payments.internal;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.okpay.ledger.LedgerApi;
import org.okpay.ledger.TransferRequest;
import org.okpay.ledger.TransferResult;
import org.okpay.payments.PaymentTransaction;
import org.okpay.payments.TransactionState;
import org.okpay.shared.ErrorCode;
import org.springframework.stereotype.Component;

/**
 * Settles payments that need no rail (P2P, and any operation type without one) in the
 * {@link Recorder}'s transaction that records them: their ledger legs are applied there
 * ({@link LedgerApi#transferLinkedInTransaction}), each row is recorded already completed, or
 * failed with the ledger's reason, with both tracker steps, and its notices are queued there
 * too. One commit instead of three (the recorder's, the ledger writer's and the completer's);
 * a crash leaves all of a payment or none of it, so no row waits in {@code created} for the
 * reconciliation.
 *
 * <p>The guarantees are those of the three transactions it replaces: the limits decided under
 * the users' locks, the ledger's locks in account order after them (no other transaction takes
 * the two in the other order), a refused leg fails its payment alone (linked legs: all or
 * none), and only a payment recorded here is told about.
 */
@Component
class Settler {

  /** The failed step's detail, as {@code Mover} writes it when the ledger refuses. */
  static final String LEDGER_REFUSED = "ledger refused";

  private final OperationTypes types;
  private final LedgerApi ledger;
  private final PaymentNotices notices;
  private final GroupCommitProperties properties;
  private final Clock clock;

  Settler(OperationTypes types, LedgerApi ledger, PaymentNotices notices,
      GroupCommitProperties properties, Clock clock) {
    this.types = types;
    this.ledger = ledger;
    this.notices = notices;
    this.properties = properties;
    this.clock = clock;
  }

  /**
   * {@code r} with the legs its batch posts when it settles it (no rail, settling on), else as
   * it is. Called by the request before the batch, so a wallet opened for the first time is
   * opened here and not under the batch's locks; the legs do not depend on the row's time.
   */
  Recording prepared(Recording r) {
    if (!properties.settle() || r.plan().rail() != null) {
      return r;
    }
    Instant at = clock.instant().truncatedTo(ChronoUnit.MICROS);
    return r.withLegs(types.of(r.plan().operation()).complete(r.row(at)));
  }

  /**
   * In the batch's open transaction, before the rows are inserted: the legs of the accepted
   * {@code rows} whose recordings carry them, all in one ledger batch; those rows come back
   * completed or failed at {@code now}, the others as they were.
   */
  Settled settle(List<PaymentTransaction> rows, Map<UUID, Recording> recordings, Instant now) {
    List<PaymentTransaction> settling = rows.stream()
        .filter(t -> recordings.get(t.id()).settles()).toList();
    if (settling.isEmpty()) {
      return new Settled(rows, Map.of());
    }
    List<List<TransferResult>> results = ledger.transferLinkedInTransaction(
        settling.stream().map(t -> recordings.get(t.id()).legs()).toList());
    Map<UUID, PaymentTransaction> settled = new HashMap<>();
    Map<UUID, ErrorCode> failed = new HashMap<>();
    for (int i = 0; i < settling.size(); i++) {
      PaymentTransaction t = settling.get(i);
      Optional<ErrorCode> refused = Mover.refusal(results.get(i));
      refused.ifPresent(code -> failed.put(t.id(), code));
      settled.put(t.id(), refused.isEmpty() ? t.movedTo(TransactionState.COMPLETED, null, now)
          : t.movedTo(TransactionState.FAILED, refused.get().code(), now));
    }
    return new Settled(rows.stream().map(t -> settled.getOrDefault(t.id(), t)).toList(),
        Map.copyOf(failed));
  }

  /** The notices of the settled rows, once they are inserted, in the same transaction. */
  void tell(Settled settled, Map<UUID, Recording> recordings) {
    List<Completer.Completing> completed = new ArrayList<>();
    for (PaymentTransaction t : settled.rows()) {
      if (t.state() == TransactionState.COMPLETED) {
        completed.add(new Completer.Completing(t, recordings.get(t.id()).contacts()));
      } else if (t.state() == TransactionState.FAILED) {
        notices.failed(t, settled.failed().get(t.id()), recordings.get(t.id()).contacts());
      }
    }
    notices.completedAll(completed);
  }

  /**
   * The rows of a batch as they are to be recorded, and why the ledger refused each failed one.
   */
  record Settled(List<PaymentTransaction> rows, Map<UUID, ErrorCode> failed) {

    boolean any() {
      return rows.stream().anyMatch(t -> t.state() != TransactionState.CREATED);
    }
  }
}
