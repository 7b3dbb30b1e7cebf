package org.okpay.ledger;

import java.time.Instant;
import java.util.Currency;

/**
 * An account with its balances in minor units. Balances are credit-normal: money received raises
 * {@link #balanceMinor()}, money sent lowers it.
 */
public record Account(
    long id,
    OwnerType ownerType,
    String ownerId,
    Currency currency,
    String kind,
    AccountStatus status,
    boolean mayGoNegative,
    long debitsPostedMinor,
    long creditsPostedMinor,
    long debitsPendingMinor,
    long creditsPendingMinor,
    Instant createdAt) {

  /** Posted balance: credits minus debits. */
  public long balanceMinor() {
    return Math.subtractExact(creditsPostedMinor, debitsPostedMinor);
  }

  /** What can be spent now: the posted balance less money on hold for outgoing transfers. */
  public long availableMinor() {
    return Math.subtractExact(balanceMinor(), debitsPendingMinor);
  }
}
