package org.okpay.payments.internal;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.okpay.payments.PaymentTransaction;
import org.okpay.payments.TrackerStep;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Group commit of the request path's first transaction ({@link GroupCommit}): the rows of
 * payments that passed the guards, many per transaction: the users' locks in one fixed order,
 * their usage and known keys in one query, the limits decided in arrival order in memory
 * ({@link RecordBatch}), the ledger legs of those that need no rail ({@link Settler}), the
 * accepted rows with their steps in one insert, their notices, one commit. The guarantees are
 * {@code PaymentsService.record}'s: the same locks (so exact limits against single-path
 * recordings and other instances too), the same refusals, a key recorded once.
 */
@Component
class Recorder extends GroupCommit<Recording, Recording.Outcome> {

  private final RecordStore store;
  private final Checks checks;
  private final Settler settler;
  private final KnownRecipients known;
  private final GroupCommitProperties properties;
  private final Clock clock;

  Recorder(RecordStore store, Checks checks, Settler settler, KnownRecipients known,
      GroupCommitProperties properties, TransactionTemplate tx, JdbcClient jdbc, Clock clock,
      MeterRegistry meters) {
    super("record", properties, tx, jdbc, meters);
    this.store = store;
    this.checks = checks;
    this.settler = settler;
    this.known = known;
    this.properties = properties;
    this.clock = clock;
  }

  /** Whether this payment is recorded here; quotes and reviews take the single path. */
  boolean records(Guards.Passed passed) {
    return properties.record() && passed.plan().quoteId() == null
        && passed.assessment().action() != RiskCheck.Action.REVIEW;
  }

  /**
   * Records the payment with others and waits for the commit; see {@link GroupCommit#submit}.
   * Past the second timeout, once a recorder took it, the request answers busy and the
   * reconciliation settles the row if it was recorded, as after a crash.
   */
  Recording.Outcome record(Recording r) {
    return submit(r);
  }

  /**
   * The batch in one transaction: locks, what is known, the decisions, the legs of the payments
   * it settles, the rows, their notices. A batch whose payments are all refused or duplicates
   * writes nothing and commits an empty transaction.
   */
  @Override
  protected List<Recording.Outcome> write(List<Recording> batch) {
    Set<UUID> users = new LinkedHashSet<>();
    batch.forEach(r -> users.add(r.user().userId()));
    store.lockUsers(users);
    // The clock is read once the locks are held, as the single path reads it.
    Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
    List<RecordStore.Seen> seen = store.seen(batch, checks.window(now));
    RecordBatch decisions = new RecordBatch(checks, now);
    List<Recording.Outcome> outcomes = new ArrayList<>(batch.size());
    for (int i = 0; i < batch.size(); i++) {
      outcomes.add(decisions.decide(batch.get(i), seen.get(i).used(), seen.get(i).known()));
    }
    List<PaymentTransaction> accepted = decisions.accepted();
    if (accepted.isEmpty()) {
      return outcomes;
    }
    Map<UUID, Recording> byId = new HashMap<>();
    batch.forEach(r -> byId.put(r.id(), r));
    Settler.Settled settled = settler.settle(accepted, byId, now);
    Set<UUID> inserted = store.insert(settled.rows(), TrackerStep.CREATED, now);
    if (inserted.size() < accepted.size() && settled.any()) {
      // Under the users' locks a key seen unknown cannot appear. If it did, the legs posted for
      // it must not stay: the batch rolls back and is written payment by payment, where the key
      // is seen and answered as a replay.
      throw new IllegalStateException("a key was recorded while its user was locked");
    }
    settler.tell(settled, byId);
    Map<UUID, PaymentTransaction> rows = new HashMap<>();
    settled.rows().forEach(t -> rows.put(t.id(), t));
    return outcomes.stream().map(o -> o instanceof Recording.Recorded(PaymentTransaction row)
        ? recorded(rows.get(row.id()), inserted) : o).toList();
  }

  /** The payments it settled as completed are paid for good: the risk check holds the pairs. */
  @Override
  protected void committed(List<Recording.Outcome> outcomes) {
    for (Recording.Outcome o : outcomes) {
      if (o instanceof Recording.Recorded(PaymentTransaction row)) {
        known.committed(row);
      }
    }
  }

  /** An accepted row's outcome: recorded, or a replay when its key was recorded meanwhile. */
  private static Recording.Outcome recorded(PaymentTransaction row, Set<UUID> inserted) {
    return inserted.contains(row.id()) ? new Recording.Recorded(row) : new Recording.Duplicate();
  }
}
