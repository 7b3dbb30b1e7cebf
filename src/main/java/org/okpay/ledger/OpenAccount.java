package org.okpay.ledger;

import java.util.Currency;
import java.util.Objects;

/**
 * A request to open an account. Opening is idempotent on (owner type, owner id, currency, kind):
 * asking again returns the account that exists.
 *
 * @param kind what the account is for, e.g. {@code wallet}, {@code card_rail}, {@code fees}
 */
public record OpenAccount(OwnerType ownerType, String ownerId, Currency currency, String kind) {

  public static final int OWNER_ID_LENGTH_MAX = 64;
  public static final int KIND_LENGTH_MAX = 32;

  public OpenAccount {
    Objects.requireNonNull(ownerType, "ownerType");
    Objects.requireNonNull(currency, "currency");
    if (ownerId == null || ownerId.isBlank() || ownerId.length() > OWNER_ID_LENGTH_MAX) {
      throw new IllegalArgumentException("ownerId must be 1.." + OWNER_ID_LENGTH_MAX + " characters");
    }
    if (kind == null || kind.isBlank() || kind.length() > KIND_LENGTH_MAX) {
      throw new IllegalArgumentException("kind must be 1.." + KIND_LENGTH_MAX + " characters");
    }
  }

  /** Only system accounts may go negative; customers and merchants never. */
  public boolean mayGoNegative() {
    return ownerType == OwnerType.SYSTEM;
  }
}
