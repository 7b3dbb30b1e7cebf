package org.okpay.payments;

import java.util.Locale;
import org.okpay.shared.ErrorCode;

/**
 * Why a money-moving request was refused before anything was recorded, or that it was not. The
 * guards run in exactly this order, in {@link PaymentsApi#preview} and
 * {@link PaymentsApi#execute} alike, and the first that fails answers; a refused request changes
 * nothing (no balance, transaction, limit usage or quote). The preview has no idempotency key and
 * asks for no second factor (it says whether one will be needed), so it skips those guards and
 * keeps the order of the rest.
 *
 * <p>Limits come before the second factor, so a user is never asked for a code for a payment
 * that would then be refused. The execution looks at the limits under the user's lock when it
 * records the transaction (two concurrent requests cannot both take the last of a limit), and,
 * when a second factor will be asked, once more before asking; both answer with the same codes.
 */
public enum PaymentResultCode {
  /** Recorded: the transaction goes on (completed, processing, on hold or failed at the rail). */
  OK(null),
  IDEMPOTENCY_KEY_MISSING(ErrorCode.IDEMPOTENCY_KEY_MISSING),
  IDEMPOTENCY_KEY_INVALID(ErrorCode.VALIDATION_FAILED),
  /** The key was used before with another request (another fingerprint). */
  IDEMPOTENCY_KEY_REUSED(ErrorCode.IDEMPOTENCY_KEY_REUSED),
  /** The key was used before with this request: its transaction answers, nothing more happens. */
  REPLAYED(null),
  /** The operation's status component is under maintenance ({@code maintenance}). */
  OPERATION_UNAVAILABLE(ErrorCode.MAINTENANCE),
  /**
   * The operation's own checks of the request refused it: its shape, the card, bank account,
   * recipient or quote. The answer carries the operation's own code (e.g.
   * {@code recipient_not_found}, {@code card_expired}, {@code quote_expired}).
   */
  REQUEST_INVALID(null),
  ACCOUNT_FROZEN(ErrorCode.ACCOUNT_FROZEN),
  INSUFFICIENT_FUNDS(ErrorCode.INSUFFICIENT_FUNDS),
  VELOCITY_LIMIT(ErrorCode.VELOCITY_LIMIT),
  DAILY_LIMIT_EXCEEDED(ErrorCode.LIMIT_EXCEEDED),
  MONTHLY_LIMIT_EXCEEDED(ErrorCode.LIMIT_EXCEEDED),
  /**
   * The risk checks asked for a fresh two-factor code and none came ({@code
   * second_factor_required}) or a wrong one ({@code invalid_second_factor}).
   */
  SECOND_FACTOR_REFUSED(ErrorCode.SECOND_FACTOR_REQUIRED);

  private final ErrorCode errorCode;

  PaymentResultCode(ErrorCode errorCode) {
    this.errorCode = errorCode;
  }

  public boolean refused() {
    return this != OK && this != REPLAYED;
  }

  /**
   * The client-facing error of a refusal; null for the two non-refusals and for
   * {@link #REQUEST_INVALID}, whose code is the operation's own.
   */
  public ErrorCode errorCode() {
    return errorCode;
  }

  /** Stable lower-case name, e.g. {@code daily_limit_exceeded}. */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
