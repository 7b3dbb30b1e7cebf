package org.okpay.ledger;

import org.okpay.shared.ErrorCode;

/**
 * The outcome of one transfer. The ledger checks its guards in exactly this order and returns
 * the first that fails; {@link #OK} and {@link #EXISTS} are the two successes.
 */
public enum TransferResultCode {
  OK(null),
  /** Another transfer of the same linked list failed, so this one was not applied either. */
  LINKED_EVENT_FAILED(ErrorCode.LINKED_TRANSFER_FAILED),
  ID_MISSING(ErrorCode.VALIDATION_FAILED),
  KIND_MISSING(ErrorCode.VALIDATION_FAILED),
  CODE_INVALID(ErrorCode.VALIDATION_FAILED),
  REFERENCE_TOO_LONG(ErrorCode.VALIDATION_FAILED),
  METADATA_TOO_LARGE(ErrorCode.VALIDATION_FAILED),
  AMOUNT_MUST_BE_POSITIVE(ErrorCode.AMOUNT_MUST_BE_POSITIVE),
  PENDING_ID_REQUIRED(ErrorCode.VALIDATION_FAILED),
  PENDING_ID_NOT_ALLOWED(ErrorCode.VALIDATION_FAILED),
  TIMEOUT_INVALID(ErrorCode.VALIDATION_FAILED),
  ACCOUNTS_REQUIRED(ErrorCode.VALIDATION_FAILED),
  CURRENCY_REQUIRED(ErrorCode.VALIDATION_FAILED),
  ACCOUNTS_MUST_BE_DIFFERENT(ErrorCode.ACCOUNTS_MUST_BE_DIFFERENT),
  EXISTS_WITH_DIFFERENT_KIND(ErrorCode.IDEMPOTENCY_KEY_REUSED),
  EXISTS_WITH_DIFFERENT_PENDING_ID(ErrorCode.IDEMPOTENCY_KEY_REUSED),
  EXISTS_WITH_DIFFERENT_DEBIT_ACCOUNT(ErrorCode.IDEMPOTENCY_KEY_REUSED),
  EXISTS_WITH_DIFFERENT_CREDIT_ACCOUNT(ErrorCode.IDEMPOTENCY_KEY_REUSED),
  EXISTS_WITH_DIFFERENT_AMOUNT(ErrorCode.IDEMPOTENCY_KEY_REUSED),
  EXISTS_WITH_DIFFERENT_CURRENCY(ErrorCode.IDEMPOTENCY_KEY_REUSED),
  EXISTS_WITH_DIFFERENT_TIMEOUT(ErrorCode.IDEMPOTENCY_KEY_REUSED),
  EXISTS_WITH_DIFFERENT_CODE(ErrorCode.IDEMPOTENCY_KEY_REUSED),
  EXISTS_WITH_DIFFERENT_REFERENCE(ErrorCode.IDEMPOTENCY_KEY_REUSED),
  EXISTS_WITH_DIFFERENT_METADATA(ErrorCode.IDEMPOTENCY_KEY_REUSED),
  /** The same id with the same fields was applied before: nothing more happens. */
  EXISTS(null),
  PENDING_NOT_FOUND(ErrorCode.PENDING_NOT_FOUND),
  PENDING_ALREADY_POSTED(ErrorCode.PENDING_ALREADY_POSTED),
  PENDING_ALREADY_VOIDED(ErrorCode.PENDING_ALREADY_VOIDED),
  PENDING_EXPIRED(ErrorCode.PENDING_EXPIRED),
  PENDING_NOT_YET_EXPIRED(ErrorCode.VALIDATION_FAILED),
  PENDING_HAS_DIFFERENT_ACCOUNTS(ErrorCode.VALIDATION_FAILED),
  PENDING_HAS_DIFFERENT_CURRENCY(ErrorCode.CURRENCY_MISMATCH),
  POST_AMOUNT_EXCEEDS_PENDING(ErrorCode.POST_AMOUNT_EXCEEDS_PENDING),
  VOID_AMOUNT_MUST_MATCH_PENDING(ErrorCode.VALIDATION_FAILED),
  DEBIT_ACCOUNT_NOT_FOUND(ErrorCode.ACCOUNT_NOT_FOUND),
  CREDIT_ACCOUNT_NOT_FOUND(ErrorCode.ACCOUNT_NOT_FOUND),
  CURRENCY_MISMATCH(ErrorCode.CURRENCY_MISMATCH),
  DEBIT_ACCOUNT_CLOSED(ErrorCode.ACCOUNT_CLOSED),
  CREDIT_ACCOUNT_CLOSED(ErrorCode.ACCOUNT_CLOSED),
  DEBIT_ACCOUNT_FROZEN(ErrorCode.ACCOUNT_FROZEN),
  AMOUNT_OVERFLOW(ErrorCode.AMOUNT_OVERFLOW),
  EXCEEDS_AVAILABLE_BALANCE(ErrorCode.INSUFFICIENT_FUNDS);

  private final ErrorCode errorCode;

  TransferResultCode(ErrorCode errorCode) {
    this.errorCode = errorCode;
  }

  public boolean succeeded() {
    return this == OK || this == EXISTS;
  }

  /** The client-facing error for a failure; null for the two successes. */
  public ErrorCode errorCode() {
    return errorCode;
  }

  /** Stable lower-case name used in API responses, e.g. {@code exceeds_available_balance}. */
  public String wireName() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
