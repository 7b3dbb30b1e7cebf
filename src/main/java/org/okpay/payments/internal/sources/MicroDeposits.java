package org.okpay.payments.internal.sources;

import java.time.Instant;
import org.okpay.payments.FundingSourcesApi.BankAccountState;
import org.okpay.payments.internal.sources.BankAccountStore.BankAccountRow;

/**
 * Confirming the two micro-deposits: the amounts in either order verify the account; each wrong
 * pair counts, and the third wrong one rejects it (a guesser gets three tries, not a hundred).
 */
final class MicroDeposits {

  sealed interface Result {
    record Confirmed() implements Result {
    }

    record Wrong(int attemptsLeft) implements Result {
    }

    record Rejected() implements Result {
    }
  }

  private MicroDeposits() {
  }

  /** Call in a transaction with {@code row} locked. */
  static Result confirm(BankAccountStore store, BankAccountRow row, long firstMinor,
      long secondMinor, Instant now) {
    if (row.state() == BankAccountState.VERIFIED) {
      return new Result.Confirmed(); // confirmed already (or verified at once): nothing to do
    }
    if (row.state() == BankAccountState.REJECTED) {
      return new Result.Rejected();
    }
    if (matches(row, firstMinor, secondMinor)) {
      store.verify(row.id(), now);
      return new Result.Confirmed();
    }
    int attempts = row.microAttempts() + 1;
    store.wrongAttempt(row.id(), attempts);
    return new Result.Wrong(Math.max(0, BankAccountStore.MICRO_ATTEMPTS_MAX - attempts));
  }

  private static boolean matches(BankAccountRow row, long first, long second) {
    Long a = row.microFirstMinor();
    Long b = row.microSecondMinor();
    if (a == null || b == null) {
      return false;
    }
    return (a == first && b == second) || (a == second && b == first);
  }
}
