package org.okpay.payments.internal;

import static org.okpay.payments.TransactionState.COMPLETED;
import static org.okpay.payments.TransactionState.FAILED;
import static org.okpay.payments.TransactionState.PENDING;
import static org.okpay.payments.TransactionState.PROCESSING;
import static org.okpay.payments.TransactionState.REVERSED;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.okpay.identity.IdentityApi.Contact;
import org.okpay.ledger.LedgerApi;
import org.okpay.ledger.TransferRequest;
import org.okpay.ledger.TransferResult;
import org.okpay.payments.DeclineCode;
import org.okpay.payments.OperationType;
import org.okpay.payments.PaymentTransaction;
import org.okpay.payments.RailOutcome;
import org.okpay.payments.RailState;
import org.okpay.payments.TrackerStep;
import org.okpay.payments.TransactionState;
import org.okpay.shared.ErrorCode;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Carries a recorded transaction through its states: holds, the rail, then completion, failure
 * or return. Each step first applies its ledger legs (idempotent by id), then moves the state by
 * compare-and-set; only the caller that wins the move writes the tracker step and tells the
 * user. So a request and the reconciliation job may both try a step and it happens once.
 */
@Component
class Mover {

  private final TransactionStore store;
  private final OperationTypes types;
  private final LedgerApi ledger;
  private final PaymentNotices notices;
  private final RailHealth health;
  private final Completer completer;
  private final TransactionTemplate tx;
  private final Clock clock;

  Mover(TransactionStore store, OperationTypes types, LedgerApi ledger, PaymentNotices notices,
      RailHealth health, Completer completer, TransactionTemplate tx, Clock clock) {
    this.store = store;
    this.types = types;
    this.ledger = ledger;
    this.notices = notices;
    this.health = health;
    this.completer = completer;
    this.tx = tx;
    this.clock = clock;
  }

  /** Starts a transaction that is in {@code created}: the money moves or goes to the rail. */
  void start(PaymentTransaction t) {
    start(t, Map.of());
  }

  /**
   * {@link #start(PaymentTransaction)} for the request that recorded {@code t}, which already
   * holds the people its notices go to ({@code known}, by user id: no need to read them again).
   * Returns the transaction as this call moved it when it completed it without a rail (so the
   * answer needs no second read); empty when the outcome must be read back.
   */
  Optional<PaymentTransaction> start(PaymentTransaction t, Map<UUID, Contact> known) {
    if (t.rail() == null) {
      return completeInternally(t, known);
    }
    startOnRail(t);
    return Optional.empty();
  }

  private void startOnRail(PaymentTransaction t) {
    TransactionState at = t.state();
    OperationType type = types.of(t.operation());
    if (type.holdsFirst()) {
      Optional<ErrorCode> held = apply(type.hold(t));
      if (held.isPresent()) {
        fail(t, at, held.get(), "hold refused");
        return;
      }
      if (!moved(t, at, PENDING, null, TrackerStep.HOLD_PLACED, null, NOTHING)) {
        return;
      }
      at = PENDING;
    }
    RailOutcome outcome = callRail(t);
    if (outcome == null) {
      return;
    }
    store.railAccepted(t.id(), outcome.railReference(), outcome.expectedAt(), now());
    step(t, TrackerStep.SENT_TO_RAIL, outcome.railReference());
    apply(t.withState(at), outcome);
  }

  /** A plan without a rail never leaves OKPay (e.g. P2P, conversion): one linked write, done. */
  private Optional<PaymentTransaction> completeInternally(PaymentTransaction t,
      Map<UUID, Contact> known) {
    Optional<ErrorCode> refused = apply(types.of(t.operation()).complete(t));
    if (refused.isPresent()) {
      fail(t, t.state(), refused.get(), "ledger refused");
      return Optional.empty();
    }
    if (completer.completes(t)) {
      // The same move, step and notices in one transaction, with other requests' (group commit).
      return completer.complete(t, known).map(at -> t.movedTo(COMPLETED, null, at));
    }
    Instant at = now();
    return moved(t, t.state(), COMPLETED, null, TrackerStep.COMPLETED, null, at,
        () -> notices.completed(t, known))
        ? Optional.of(t.movedTo(COMPLETED, null, at)) : Optional.empty();
  }

  private RailOutcome callRail(PaymentTransaction t) {
    long started = System.nanoTime();
    RailOutcome outcome;
    try {
      outcome = types.of(t.operation()).callRail(t).orElse(null);
    } catch (RuntimeException unreachable) {
      // No answer is not a "no": the rail may have acted. Reconciliation asks again later.
      outcome = new RailOutcome(t.id().toString(), null, RailState.UNKNOWN, t.totalMinor(),
          t.currency(), null, null, clock.instant());
    }
    if (outcome == null) {
      // The card or bank account was removed while the payment waited (e.g. for a review).
      release(t, t.state(), ErrorCode.PAYMENT_INTERRUPTED, "funding source removed");
      return null;
    }
    health.record(t.rail(), outcome.state(), outcome.declineCode(), System.nanoTime() - started);
    return outcome;
  }

  /** Applies what the rail says to a transaction in state {@code t.state()}. */
  void apply(PaymentTransaction t, RailOutcome outcome) {
    switch (outcome.state()) {
      case PROCESSING, UNKNOWN -> processing(t, outcome);
      case COMPLETED -> complete(t);
      case DECLINED -> release(t, t.state(), declined(outcome.declineCode()),
          outcome.declineCode() == null ? null : outcome.declineCode().code());
      case RETURNED -> giveBack(t);
      case NOT_FOUND -> throw new IllegalArgumentException("not an answer to a request");
    }
  }

  private void processing(PaymentTransaction t, RailOutcome outcome) {
    if (t.state() == PROCESSING) {
      return;
    }
    store.railAccepted(t.id(), outcome.railReference(), outcome.expectedAt(), clock.instant());
    TrackerStep step = outcome.state() == RailState.UNKNOWN
        ? TrackerStep.AWAITING_BANK : TrackerStep.IN_TRANSIT;
    moved(t, t.state(), PROCESSING, null, step, outcome.railReference(), NOTHING);
  }

  /** Completion: the money arrived. False when the ledger refused (a finding for an agent). */
  boolean complete(PaymentTransaction t) {
    OperationType type = types.of(t.operation());
    Optional<ErrorCode> refused = apply(type.complete(t));
    if (refused.isPresent()) {
      return false;
    }
    moved(t, t.state(), COMPLETED, null, type.arrivedStep(), null, () -> notices.completed(t));
    return true;
  }

  private void release(PaymentTransaction t, TransactionState from, ErrorCode code, String detail) {
    OperationType type = types.of(t.operation());
    if (type.holdsFirst()) {
      // Voiding a hold that was never placed is refused by the ledger and changes nothing, so
      // an interrupted transaction is released whether or not its hold got written.
      apply(type.release(t));
    }
    fail(t, from, code, detail);
  }

  private void fail(PaymentTransaction t, TransactionState from, ErrorCode code, String detail) {
    moved(t, from, FAILED, code.code(), TrackerStep.FAILED, detail,
        () -> notices.failed(t, code));
  }

  /** The receiving bank sent the money back after completion: it returns to the balance. */
  boolean giveBack(PaymentTransaction t) {
    if (t.state() != COMPLETED) {
      return false;
    }
    Optional<ErrorCode> refused = apply(types.of(t.operation()).giveBack(t));
    if (refused.isPresent()) {
      return false;
    }
    moved(t, COMPLETED, REVERSED, ErrorCode.RETURNED_BY_BANK.code(), TrackerStep.RETURNED, null,
        () -> notices.returned(t));
    return true;
  }

  /**
   * A payment between users or a conversion left in {@code created} by a process that stopped:
   * completed when its legs are in the ledger (the stop came after the ledger wrote them), else
   * failed as interrupted, nothing having moved. False when the ledger refuses the completion.
   */
  boolean settleInternal(PaymentTransaction t) {
    String leg = types.of(t.operation()).completedLeg();
    if (ledger.findTransfer(Legs.id(t, leg)).isPresent()) {
      return complete(t);
    }
    fail(t, t.state(), ErrorCode.PAYMENT_INTERRUPTED, "stopped before the ledger");
    return true;
  }

  /** Ends a transaction that never reached the rail: releases any hold. */
  void interrupt(PaymentTransaction t) {
    release(t, t.state(), ErrorCode.PAYMENT_INTERRUPTED, "no answer from the rail");
  }

  private static final Runnable NOTHING = () -> { };

  /**
   * Moves the state if it is still {@code from}, and in the same database transaction writes
   * the tracker step and queues the notifications: a crash leaves either none of them or all.
   * False when another caller moved it first (then it wrote the step and told the user).
   */
  private boolean moved(PaymentTransaction t, TransactionState from, TransactionState to,
      String failure,
      TrackerStep step, String detail, Runnable tell) {
    return moved(t, from, to, failure, step, detail, now(), tell);
  }

  private boolean moved(PaymentTransaction t, TransactionState from, TransactionState to,
      String failure, TrackerStep step, String detail, Instant at, Runnable tell) {
    return Boolean.TRUE.equals(tx.execute(status -> {
      if (!store.moveWithStep(t.id(), from, to, failure, step, detail, at)) {
        return false;
      }
      tell.run();
      return true;
    }));
  }

  private void step(PaymentTransaction t, TrackerStep step, String detail) {
    store.step(t.id(), step, detail, now());
  }

  /** The clock at PostgreSQL's precision, so a time this call holds equals the one stored. */
  private Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.MICROS);
  }

  /** Applies linked legs; empty when they took effect (now or before), else why not. */
  Optional<ErrorCode> apply(List<TransferRequest> requests) {
    return refusal(ledger.transferLinked(requests));
  }

  /** Why the ledger refused linked legs (the failing leg's reason); empty when they took effect. */
  static Optional<ErrorCode> refusal(List<TransferResult> results) {
    return results.stream().filter(r -> !r.succeeded())
        .filter(r -> r.code() != org.okpay.ledger.TransferResultCode.LINKED_EVENT_FAILED)
        .map(r -> r.code().errorCode()).findFirst();
  }

  static ErrorCode declined(DeclineCode code) {
    if (code == null) {
      return ErrorCode.CARD_DECLINED;
    }
    return switch (code) {
      case INSUFFICIENT_FUNDS -> ErrorCode.CARD_INSUFFICIENT_FUNDS;
      case EXPIRED_CARD -> ErrorCode.CARD_EXPIRED;
      case DO_NOT_HONOR, STOLEN_CARD -> ErrorCode.CARD_DECLINED;
      case PROCESSING_ERROR -> ErrorCode.RAIL_PROCESSING_ERROR;
      case ACCOUNT_CLOSED -> ErrorCode.BANK_ACCOUNT_CLOSED;
      case NAME_MISMATCH -> ErrorCode.BANK_NAME_MISMATCH;
      case RETURNED_BY_BANK -> ErrorCode.RETURNED_BY_BANK;
    };
  }
}
