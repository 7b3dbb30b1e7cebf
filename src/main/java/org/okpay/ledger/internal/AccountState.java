package org.okpay.ledger.internal;

import java.util.Currency;
import org.okpay.ledger.AccountStatus;

/**
 * An account locked by the writer, with running balances that change as the batch's transfers
 * are validated in arrival order. The {@code initial*} fields are what the database holds, so
 * the batch can write one net delta per account.
 */
final class AccountState {

  final long id;
  /** The owner's bucket, the column the ledger would be distributed by (docs/scaling.md). */
  final int shardKey;
  final Currency currency;
  final AccountStatus status;
  final boolean mayGoNegative;
  long debitsPosted;
  long creditsPosted;
  long debitsPending;
  long creditsPending;
  private final long initialDebitsPosted;
  private final long initialCreditsPosted;
  private final long initialDebitsPending;
  private final long initialCreditsPending;

  AccountState(long id, int shardKey, Currency currency, AccountStatus status,
      boolean mayGoNegative, long debitsPosted, long creditsPosted, long debitsPending,
      long creditsPending) {
    this.id = id;
    this.shardKey = shardKey;
    this.currency = currency;
    this.status = status;
    this.mayGoNegative = mayGoNegative;
    this.debitsPosted = debitsPosted;
    this.creditsPosted = creditsPosted;
    this.debitsPending = debitsPending;
    this.creditsPending = creditsPending;
    this.initialDebitsPosted = debitsPosted;
    this.initialCreditsPosted = creditsPosted;
    this.initialDebitsPending = debitsPending;
    this.initialCreditsPending = creditsPending;
  }

  long balance() {
    return creditsPosted - debitsPosted;
  }

  long available() {
    return creditsPosted - debitsPosted - debitsPending;
  }

  boolean changed() {
    return debitsPosted != initialDebitsPosted || creditsPosted != initialCreditsPosted
        || debitsPending != initialDebitsPending || creditsPending != initialCreditsPending;
  }

  long deltaDebitsPosted() {
    return debitsPosted - initialDebitsPosted;
  }

  long deltaCreditsPosted() {
    return creditsPosted - initialCreditsPosted;
  }

  long deltaDebitsPending() {
    return debitsPending - initialDebitsPending;
  }

  long deltaCreditsPending() {
    return creditsPending - initialCreditsPending;
  }

  long[] snapshot() {
    return new long[] {debitsPosted, creditsPosted, debitsPending, creditsPending};
  }

  void restore(long[] values) {
    debitsPosted = values[0];
    creditsPosted = values[1];
    debitsPending = values[2];
    creditsPending = values[3];
  }
}
