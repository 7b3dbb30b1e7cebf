package org.okpay.payments;

/**
 * What a rail says of one operation. A rail answers a request with one of the first four; only
 * {@link PaymentRail#status} answers {@link #NOT_FOUND}.
 */
public enum RailState {
  /** Accepted and on its way; settles later (bank transfers). */
  PROCESSING,
  /** Done: the money moved (a card approval is completed at once). */
  COMPLETED,
  /** Refused; nothing moved. The outcome carries a decline code. */
  DECLINED,
  /** Timed out: the rail may or may not have done it; only reconciliation can tell. */
  UNKNOWN,
  /** It was completed, and later the receiving bank sent the money back. */
  RETURNED,
  /** The rail has no operation with this reference. */
  NOT_FOUND
}
