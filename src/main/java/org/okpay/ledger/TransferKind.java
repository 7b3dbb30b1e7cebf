package org.okpay.ledger;

/**
 * What a transfer does to balances.
 *
 * <ul>
 *   <li>{@code POSTED}: moves money at once.
 *   <li>{@code PENDING}: a hold; lowers the debit account's available balance, optionally with a
 *       timeout after which it voids itself.
 *   <li>{@code POST_PENDING}: settles a hold, in full or in part (the rest is released).
 *   <li>{@code VOID_PENDING}: releases a hold.
 *   <li>{@code EXPIRE_PENDING}: written by the ledger itself when a hold's timeout passes.
 * </ul>
 */
public enum TransferKind {
  POSTED, PENDING, POST_PENDING, VOID_PENDING, EXPIRE_PENDING;

  public String dbValue() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }

  public static TransferKind fromDb(String value) {
    return valueOf(value.toUpperCase(java.util.Locale.ROOT));
  }

  /** Post, void and expire refer to a pending transfer instead of naming accounts. */
  public boolean resolvesPending() {
    return this == POST_PENDING || this == VOID_PENDING || this == EXPIRE_PENDING;
  }
}
