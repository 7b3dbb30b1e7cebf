package org.okpay.payments.internal.sandbox;

import java.time.Instant;
import java.util.Currency;
import org.okpay.payments.DeclineCode;
import org.okpay.payments.Rail;
import org.okpay.payments.RailOutcome;
import org.okpay.payments.RailState;

/**
 * One sandbox operation (sandbox.operations). {@code outcomeState} is what a processing or
 * unknown operation becomes at {@code settlesAt}; a completed one with {@code returnsAt} is
 * returned by the bank then.
 */
record OperationRow(String reference, String railReference, Rail rail, Kind kind,
    String requestHash, String scenario, long amountMinor, Currency currency, RailState state,
    DeclineCode declineCode, RailState outcomeState, DeclineCode outcomeDecline,
    boolean timesOut, Instant createdAt, Instant settlesAt, Instant returnsAt,
    Instant updatedAt) {

  enum Kind { CHARGE, COLLECT, PAYOUT }

  OperationRow {
    if (amountMinor <= 0) {
      throw new IllegalArgumentException("amount must be positive");
    }
    if (outcomeState != RailState.COMPLETED && outcomeState != RailState.DECLINED) {
      throw new IllegalArgumentException("an operation ends completed or declined");
    }
  }

  /**
   * The operation as it stands at {@code now}: settled when its time has come, then returned
   * when that time has come too. Each change is dated when it happened in rail time.
   */
  OperationRow dueAt(Instant now) {
    OperationRow row = this;
    boolean open = state == RailState.PROCESSING || state == RailState.UNKNOWN;
    if (open && !settlesAt.isAfter(now)) {
      row = row.with(outcomeState, outcomeDecline, settlesAt);
    }
    if (row.state == RailState.COMPLETED && returnsAt != null && !returnsAt.isAfter(now)) {
      row = row.with(RailState.RETURNED, DeclineCode.RETURNED_BY_BANK, returnsAt);
    }
    return row;
  }

  /** What the rail knows. */
  RailOutcome outcome() {
    return new RailOutcome(reference, railReference, state, amountMinor, currency, declineCode,
        settlesAt, updatedAt);
  }

  /** What a request for this operation is answered: a time-out tells nothing at all. */
  RailOutcome answer() {
    if (timesOut) {
      return new RailOutcome(reference, null, RailState.UNKNOWN, amountMinor, currency, null,
          null, createdAt);
    }
    return outcome();
  }

  private OperationRow with(RailState newState, DeclineCode decline, Instant at) {
    return new OperationRow(reference, railReference, rail, kind, requestHash, scenario,
        amountMinor, currency, newState, decline, outcomeState, outcomeDecline, timesOut,
        createdAt, settlesAt, returnsAt, at);
  }
}
