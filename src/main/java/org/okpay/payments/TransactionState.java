package org.okpay.payments;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * The states of the transaction a user sees, and the only moves between them. Every change of
 * state goes through {@link #canMoveTo}; the store applies it as a compare-and-set, so a state is
 * left exactly once even when the reconciliation job and a request race.
 */
public enum TransactionState {
  /** Recorded; nothing has moved yet. */
  CREATED,
  /** Held for a review by an agent (risk checks); nothing has moved yet. */
  ON_HOLD,
  /** Money on hold in the user's balance, waiting to be sent to the rail. */
  PENDING,
  /** With the rail: accepted, in transit, or waiting for its answer. */
  PROCESSING,
  /** Done: the money arrived. */
  COMPLETED,
  /** Did not happen; any hold was released. Carries a failure code. */
  FAILED,
  /** It was completed, then the money came back (e.g. returned by the receiving bank). */
  REVERSED;

  @com.fasterxml.jackson.annotation.JsonValue
  public String key() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static TransactionState fromKey(String key) {
    return valueOf(key.toUpperCase(Locale.ROOT));
  }

  public boolean isFinal() {
    return this == FAILED || this == REVERSED;
  }

  public boolean canMoveTo(TransactionState next) {
    return moves().contains(next);
  }

  private Set<TransactionState> moves() {
    return switch (this) {
      case CREATED -> EnumSet.of(ON_HOLD, PENDING, PROCESSING, COMPLETED, FAILED);
      case ON_HOLD -> EnumSet.of(CREATED, FAILED);
      case PENDING -> EnumSet.of(PROCESSING, COMPLETED, FAILED);
      case PROCESSING -> EnumSet.of(COMPLETED, FAILED);
      case COMPLETED -> EnumSet.of(REVERSED);
      case FAILED, REVERSED -> EnumSet.noneOf(TransactionState.class);
    };
  }
}
