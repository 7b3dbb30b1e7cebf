package org.okpay.payments.internal;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.okpay.identity.IdentityApi.Contact;
import org.okpay.payments.PaymentTransaction;
import org.okpay.payments.TrackerStep;
import org.okpay.payments.TransactionState;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Group commit of the request path's second transaction for payments without a rail that the
 * recorder did not settle itself ({@link Settler}): those recorded alone (a conversion at a
 * quote), or all of them when settling is off. After their ledger legs took effect
 * ({@link GroupCommit}): the compare-and-set moves from created to completed of a batch with
 * their tracker steps in one statement, then the notices of the payments moved, one commit. As in
 * {@code Mover.moved}, only a payment this batch moved is told about, and its notices commit with
 * its move.
 */
@Component
class Completer extends GroupCommit<Completer.Completing, Optional<Instant>> {

  private final TransactionStore store;
  private final PaymentNotices notices;
  private final GroupCommitProperties properties;
  private final Clock clock;

  Completer(TransactionStore store, PaymentNotices notices, GroupCommitProperties properties,
      TransactionTemplate tx, JdbcClient jdbc, Clock clock, MeterRegistry meters) {
    super("complete", properties, tx, jdbc, meters);
    this.store = store;
    this.notices = notices;
    this.properties = properties;
    this.clock = clock;
  }

  /** Whether a move of {@code t} to completed goes through here. */
  boolean completes(PaymentTransaction t) {
    return properties.complete() && t.rail() == null && t.state() == TransactionState.CREATED;
  }

  /**
   * Moves {@code t} (in created, without a rail) to completed with others and waits for the
   * commit; the time of the move when this call moved it, empty when another caller had.
   *
   * @param known the people its notices go to, as the request holds them (by user id)
   */
  Optional<Instant> complete(PaymentTransaction t, Map<UUID, Contact> known) {
    if (!completes(t)) {
      throw new IllegalArgumentException("not a payment in created without a rail");
    }
    return submit(new Completing(t, known));
  }

  /** A payment to complete and the people its notices go to. */
  record Completing(PaymentTransaction t, Map<UUID, Contact> known) {
  }

  @Override
  protected List<Optional<Instant>> write(List<Completing> batch) {
    Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
    Set<UUID> moved = store.moveAllWithStep(batch.stream().map(c -> c.t().id()).toList(),
        TransactionState.CREATED, TransactionState.COMPLETED, TrackerStep.COMPLETED, now);
    List<Completing> told = batch.stream().filter(c -> moved.contains(c.t().id())).toList();
    tell(told);
    return batch.stream().map(c -> moved.contains(c.t().id()) ? Optional.of(now)
        : Optional.<Instant>empty()).toList();
  }

  /** The notices of the payments this batch moved, queued together in its transaction. */
  private void tell(List<Completing> moved) {
    notices.completedAll(moved);
  }
}
