package org.okpay.shared;

import org.springframework.http.HttpStatus;

/**
 * Every error a client can see, with its stable machine-readable code. A code is never renamed or
 * reused; the localized message lives under {@code error.<code>} in messages*.properties.
 */
public enum ErrorCode {
  // Request shape.
  VALIDATION_FAILED("validation_failed", HttpStatus.BAD_REQUEST, false),
  MALFORMED_REQUEST("malformed_request", HttpStatus.BAD_REQUEST, false),
  ROUTE_NOT_FOUND("route_not_found", HttpStatus.NOT_FOUND, false),
  METHOD_NOT_ALLOWED("method_not_allowed", HttpStatus.METHOD_NOT_ALLOWED, false),
  UNSUPPORTED_MEDIA_TYPE("unsupported_media_type", HttpStatus.UNSUPPORTED_MEDIA_TYPE, false),
  NOT_ACCEPTABLE("not_acceptable", HttpStatus.NOT_ACCEPTABLE, false),
  PAYLOAD_TOO_LARGE("payload_too_large", HttpStatus.CONTENT_TOO_LARGE, false),
  UNAUTHORIZED("unauthorized", HttpStatus.UNAUTHORIZED, false),
  FORBIDDEN("forbidden", HttpStatus.FORBIDDEN, false),
  IDEMPOTENCY_KEY_MISSING("idempotency_key_missing", HttpStatus.BAD_REQUEST, false),
  IDEMPOTENCY_KEY_REUSED("idempotency_key_reused", HttpStatus.UNPROCESSABLE_CONTENT, false),

  // Identity.
  INVALID_CREDENTIALS("invalid_credentials", HttpStatus.UNAUTHORIZED, false),
  ACCOUNT_LOCKED("account_locked", HttpStatus.LOCKED, false),
  RATE_LIMITED("rate_limited", HttpStatus.TOO_MANY_REQUESTS, true),
  WEAK_PASSWORD("weak_password", HttpStatus.BAD_REQUEST, false),
  SESSION_NOT_FOUND("session_not_found", HttpStatus.NOT_FOUND, false),
  CSRF_REJECTED("csrf_rejected", HttpStatus.FORBIDDEN, false),
  LINK_EXPIRED("link_expired", HttpStatus.GONE, false),
  USER_NOT_FOUND("user_not_found", HttpStatus.NOT_FOUND, false),
  NOTIFICATION_NOT_FOUND("notification_not_found", HttpStatus.NOT_FOUND, false),
  SECOND_FACTOR_REQUIRED("second_factor_required", HttpStatus.UNAUTHORIZED, false),
  INVALID_SECOND_FACTOR("invalid_second_factor", HttpStatus.UNAUTHORIZED, false),
  SIGN_IN_EXPIRED("sign_in_expired", HttpStatus.UNAUTHORIZED, false),
  TWO_FACTOR_ALREADY_ENABLED("two_factor_already_enabled", HttpStatus.CONFLICT, false),
  TWO_FACTOR_NOT_ENABLED("two_factor_not_enabled", HttpStatus.CONFLICT, false),
  TWO_FACTOR_SETUP_NOT_STARTED("two_factor_setup_not_started", HttpStatus.CONFLICT, false),

  // Status.
  MAINTENANCE("maintenance", HttpStatus.SERVICE_UNAVAILABLE, true),
  INCIDENT_NOT_FOUND("incident_not_found", HttpStatus.NOT_FOUND, false),

  // Ledger.
  ACCOUNT_NOT_FOUND("account_not_found", HttpStatus.NOT_FOUND, false),
  TRANSFER_NOT_FOUND("transfer_not_found", HttpStatus.NOT_FOUND, false),
  ACCOUNTS_MUST_BE_DIFFERENT("accounts_must_be_different", HttpStatus.UNPROCESSABLE_CONTENT, false),
  CURRENCY_MISMATCH("currency_mismatch", HttpStatus.UNPROCESSABLE_CONTENT, false),
  AMOUNT_MUST_BE_POSITIVE("amount_must_be_positive", HttpStatus.UNPROCESSABLE_CONTENT, false),
  AMOUNT_OVERFLOW("amount_overflow", HttpStatus.UNPROCESSABLE_CONTENT, false),
  ACCOUNT_FROZEN("account_frozen", HttpStatus.CONFLICT, false),
  ACCOUNT_CLOSED("account_closed", HttpStatus.CONFLICT, false),
  ACCOUNT_NOT_EMPTY("account_not_empty", HttpStatus.CONFLICT, false),
  INSUFFICIENT_FUNDS("insufficient_funds", HttpStatus.CONFLICT, false),
  PENDING_NOT_FOUND("pending_not_found", HttpStatus.CONFLICT, false),
  PENDING_ALREADY_POSTED("pending_already_posted", HttpStatus.CONFLICT, false),
  PENDING_ALREADY_VOIDED("pending_already_voided", HttpStatus.CONFLICT, false),
  PENDING_EXPIRED("pending_expired", HttpStatus.CONFLICT, false),
  POST_AMOUNT_EXCEEDS_PENDING("post_amount_exceeds_pending", HttpStatus.UNPROCESSABLE_CONTENT, false),
  LINKED_TRANSFER_FAILED("linked_transfer_failed", HttpStatus.CONFLICT, false),
  LEDGER_BUSY("ledger_busy", HttpStatus.SERVICE_UNAVAILABLE, true),

  // Payments: operations and transactions.
  RECIPIENT_NOT_FOUND("recipient_not_found", HttpStatus.NOT_FOUND, false),
  CANNOT_PAY_YOURSELF("cannot_pay_yourself", HttpStatus.UNPROCESSABLE_CONTENT, false),
  LIMIT_EXCEEDED("limit_exceeded", HttpStatus.UNPROCESSABLE_CONTENT, false),
  VELOCITY_LIMIT("velocity_limit", HttpStatus.TOO_MANY_REQUESTS, true),
  TRANSACTION_NOT_FOUND("transaction_not_found", HttpStatus.NOT_FOUND, false),
  COMPLAINT_TOO_EARLY("complaint_too_early", HttpStatus.CONFLICT, false),
  COMPLAINT_ALREADY_FILED("complaint_already_filed", HttpStatus.CONFLICT, false),
  CARD_DECLINED("card_declined", HttpStatus.PAYMENT_REQUIRED, false),
  CARD_INSUFFICIENT_FUNDS("card_insufficient_funds", HttpStatus.PAYMENT_REQUIRED, false),
  RAIL_PROCESSING_ERROR("rail_processing_error", HttpStatus.BAD_GATEWAY, true),
  BANK_ACCOUNT_CLOSED("bank_account_closed", HttpStatus.UNPROCESSABLE_CONTENT, false),
  BANK_NAME_MISMATCH("bank_name_mismatch", HttpStatus.UNPROCESSABLE_CONTENT, false),
  RETURNED_BY_BANK("returned_by_bank", HttpStatus.UNPROCESSABLE_CONTENT, false),
  REVIEW_REJECTED("review_rejected", HttpStatus.UNPROCESSABLE_CONTENT, false),
  PAYMENT_INTERRUPTED("payment_interrupted", HttpStatus.CONFLICT, true),
  TRANSACTION_NOT_REVIEWABLE("transaction_not_reviewable", HttpStatus.CONFLICT, false),
  FINDING_NOT_FOUND("finding_not_found", HttpStatus.NOT_FOUND, false),

  // Payments: FX, fees and limits.
  QUOTE_NOT_FOUND("quote_not_found", HttpStatus.NOT_FOUND, false),
  QUOTE_EXPIRED("quote_expired", HttpStatus.CONFLICT, false),
  QUOTE_USED("quote_used", HttpStatus.CONFLICT, false),
  CURRENCY_NOT_SUPPORTED("currency_not_supported", HttpStatus.BAD_REQUEST, false),
  RATE_UNAVAILABLE("rate_unavailable", HttpStatus.SERVICE_UNAVAILABLE, true),
  // Payments: funding sources and sandbox rail.
  CARD_NOT_FOUND("card_not_found", HttpStatus.NOT_FOUND, false),
  BANK_ACCOUNT_NOT_FOUND("bank_account_not_found", HttpStatus.NOT_FOUND, false),
  CARD_NUMBER_INVALID("card_number_invalid", HttpStatus.BAD_REQUEST, false),
  CARD_EXPIRED("card_expired", HttpStatus.UNPROCESSABLE_CONTENT, false),
  FUNDING_SOURCES_FULL("funding_sources_full", HttpStatus.CONFLICT, false),
  BANK_ACCOUNT_NOT_VERIFIED("bank_account_not_verified", HttpStatus.CONFLICT, false),
  MICRO_DEPOSITS_WRONG("micro_deposits_wrong", HttpStatus.UNPROCESSABLE_CONTENT, false),
  BANK_ACCOUNT_REJECTED("bank_account_rejected", HttpStatus.CONFLICT, false),
  // Status: incident timelines.
  INCIDENT_RESOLVED("incident_resolved", HttpStatus.CONFLICT, false),

  // Identity: phone numbers.
  PHONE_INVALID("phone_invalid", HttpStatus.BAD_REQUEST, false),
  EMAIL_NOT_VERIFIED("email_not_verified", HttpStatus.CONFLICT, false),
  PHONE_CODE_WRONG("phone_code_wrong", HttpStatus.UNPROCESSABLE_CONTENT, false),
  PHONE_CODE_EXPIRED("phone_code_expired", HttpStatus.GONE, false),
  PHONE_TAKEN("phone_taken", HttpStatus.CONFLICT, false),

  // Identity: "my account was hacked" until the owner recovers it (issue 13).
  ACCOUNT_RECOVERY_REQUIRED("account_recovery_required", HttpStatus.FORBIDDEN, false),

  // Merchants and keys (issue 10, M-core).
  INVALID_API_KEY("invalid_api_key", HttpStatus.UNAUTHORIZED, false),
  API_KEY_SCOPE_MISSING("api_key_scope_missing", HttpStatus.FORBIDDEN, false),
  MERCHANT_NOT_FOUND("merchant_not_found", HttpStatus.NOT_FOUND, false),
  API_KEY_NOT_FOUND("api_key_not_found", HttpStatus.NOT_FOUND, false),
  API_KEYS_FULL("api_keys_full", HttpStatus.CONFLICT, false),
  MERCHANTS_FULL("merchants_full", HttpStatus.CONFLICT, false),
  INVITE_NOT_FOUND("invite_not_found", HttpStatus.NOT_FOUND, false),
  STAFF_MEMBER_NOT_FOUND("staff_member_not_found", HttpStatus.NOT_FOUND, false),
  STAFF_FULL("staff_full", HttpStatus.CONFLICT, false),
  MERCHANT_NEEDS_OWNER("merchant_needs_owner", HttpStatus.CONFLICT, false),
  API_KEY_REVOKED("api_key_revoked", HttpStatus.CONFLICT, false),

  // The database cannot be reached (connection refused, pool
  // timeout, server shutting down); answered within the pool's connection timeout, with Retry-After.
  DATABASE_UNAVAILABLE("database_unavailable", HttpStatus.SERVICE_UNAVAILABLE, true),

  // More requests in flight than okpay.http.in-flight-max: answered at once, before any work,
  // with Retry-After, instead of queueing until the heap runs out.
  SERVER_BUSY("server_busy", HttpStatus.SERVICE_UNAVAILABLE, true),

  // Merchants: webhooks (issue 10, M-webhooks).
  WEBHOOK_ENDPOINT_NOT_FOUND("webhook_endpoint_not_found", HttpStatus.NOT_FOUND, false),
  WEBHOOK_DELIVERY_NOT_FOUND("webhook_delivery_not_found", HttpStatus.NOT_FOUND, false),
  WEBHOOK_ENDPOINTS_FULL("webhook_endpoints_full", HttpStatus.CONFLICT, false),
  WEBHOOK_ENDPOINT_DISABLED("webhook_endpoint_disabled", HttpStatus.CONFLICT, false),
  WEBHOOK_URL_PRIVATE("webhook_url_private", HttpStatus.UNPROCESSABLE_CONTENT, false),
  WEBHOOK_URL_NOT_HTTPS("webhook_url_not_https", HttpStatus.UNPROCESSABLE_CONTENT, false),
  WEBHOOK_URL_UNRESOLVABLE("webhook_url_unresolvable", HttpStatus.UNPROCESSABLE_CONTENT, false),
  // Merchants: checkout (issue 10, M-checkout).
  CHECKOUT_SESSION_NOT_FOUND("checkout_session_not_found", HttpStatus.NOT_FOUND, false),
  CHECKOUT_SESSION_NOT_OPEN("checkout_session_not_open", HttpStatus.CONFLICT, false),
  CHECKOUT_SESSION_IN_PROGRESS("checkout_session_in_progress", HttpStatus.CONFLICT, true),
  MERCHANT_PAYMENT_NOT_FOUND("merchant_payment_not_found", HttpStatus.NOT_FOUND, false),

  // Merchants: refunds and refund requests (issue 10, M-refunds).
  REFUND_NOT_FOUND("refund_not_found", HttpStatus.NOT_FOUND, false),
  REFUND_EXCEEDS_PAYMENT("refund_exceeds_payment", HttpStatus.CONFLICT, false),
  REFUNDS_FULL("refunds_full", HttpStatus.CONFLICT, false),
  REFUND_NOT_PENDING("refund_not_pending", HttpStatus.CONFLICT, false),
  REFUND_PAYMENT_NOT_REFUNDABLE("refund_payment_not_refundable", HttpStatus.CONFLICT, false),
  REFUND_REQUEST_NOT_FOUND("refund_request_not_found", HttpStatus.NOT_FOUND, false),
  REFUND_REQUEST_NOT_OPEN("refund_request_not_open", HttpStatus.CONFLICT, false),
  REFUND_REQUEST_EXISTS("refund_request_exists", HttpStatus.CONFLICT, false),
  REFUND_WINDOW_CLOSED("refund_window_closed", HttpStatus.CONFLICT, false),
  REFUND_NOT_SUCCEEDED("refund_not_succeeded", HttpStatus.CONFLICT, false),

  // Merchants: ratings (issue 10, M-reputation).
  MERCHANT_PAYMENT_RATED("merchant_payment_rated", HttpStatus.CONFLICT, false),
  MERCHANT_PAYMENT_NOT_RATEABLE("merchant_payment_not_rateable", HttpStatus.CONFLICT, false),

  // Support: the agent console (issue 11, agentcase).
  CANNED_REPLY_NOT_FOUND("canned_reply_not_found", HttpStatus.NOT_FOUND, false),
  CANNED_REPLIES_FULL("canned_replies_full", HttpStatus.CONFLICT, false),
  // Support: the agent console's account actions (issue 11, console).
  REASON_REQUIRED("reason_required", HttpStatus.BAD_REQUEST, false),
  CHECKLIST_INCOMPLETE("checklist_incomplete", HttpStatus.UNPROCESSABLE_CONTENT, false),
  PASSWORD_NOT_CHANGED_SINCE_REPORT("password_not_changed_since_report", HttpStatus.CONFLICT,
      false),

  // Support: cases (issue 11, cases).
  CASE_NOT_FOUND("case_not_found", HttpStatus.NOT_FOUND, false),
  CASE_CLOSED("case_closed", HttpStatus.CONFLICT, false),
  CASE_STATUS_NOT_ALLOWED("case_status_not_allowed", HttpStatus.CONFLICT, false),
  CASE_NOT_REOPENABLE("case_not_reopenable", HttpStatus.CONFLICT, false),
  CASE_NOT_RATEABLE("case_not_rateable", HttpStatus.CONFLICT, false),
  CASE_ALREADY_RATED("case_already_rated", HttpStatus.CONFLICT, false),
  CASE_ATTACHMENT_NOT_FOUND("case_attachment_not_found", HttpStatus.NOT_FOUND, false),
  CASE_ATTACHMENT_TOO_LARGE("case_attachment_too_large", HttpStatus.CONTENT_TOO_LARGE, false),
  CASE_ATTACHMENT_TYPE("case_attachment_type", HttpStatus.UNSUPPORTED_MEDIA_TYPE, false),
  CASE_CALLBACK_EXISTS("case_callback_exists", HttpStatus.CONFLICT, false),
  // Support: reversals (issue 11, helper reversal).
  NOT_REVERSIBLE("not_reversible", HttpStatus.CONFLICT, false),
  REVERSAL_EXISTS("reversal_exists", HttpStatus.CONFLICT, false),
  REVERSAL_INSUFFICIENT_FUNDS("reversal_insufficient_funds", HttpStatus.CONFLICT, false),
  REVERSAL_RECIPIENT_FROZEN("reversal_recipient_frozen", HttpStatus.CONFLICT, false),
  REVERSAL_NOT_FOUND("reversal_not_found", HttpStatus.NOT_FOUND, false),
  REVERSAL_OWN_APPROVAL("reversal_own_approval", HttpStatus.FORBIDDEN, false),
  REVERSAL_NOT_PENDING("reversal_not_pending", HttpStatus.CONFLICT, false),
  REVERSAL_FAILED("reversal_failed", HttpStatus.CONFLICT, false),
  // Support: disputes (issue 11, helper disputes).
  DISPUTE_NOT_FOUND("dispute_not_found", HttpStatus.NOT_FOUND, false),
  DISPUTE_EXISTS("dispute_exists", HttpStatus.CONFLICT, false),
  DISPUTE_NOT_DISPUTABLE("dispute_not_disputable", HttpStatus.CONFLICT, false),
  DISPUTE_WRONG_STATE("dispute_wrong_state", HttpStatus.CONFLICT, false),
  DISPUTE_FILES_FULL("dispute_files_full", HttpStatus.CONFLICT, false),
  DISPUTE_FILE_REJECTED("dispute_file_rejected", HttpStatus.UNSUPPORTED_MEDIA_TYPE, false),
  DISPUTE_FILE_NOT_FOUND("dispute_file_not_found", HttpStatus.NOT_FOUND, false),
  // Merchants: leftovers of issue 10 (helper merchfix).
  PAYOUT_NOT_FOUND("payout_not_found", HttpStatus.NOT_FOUND, false),
  // Support forced a password reset (issue 11): the current password no longer signs in.
  PASSWORD_RESET_REQUIRED("password_reset_required", HttpStatus.FORBIDDEN, false),

  // Anything we did not expect: a programmer error. The response carries only a reference id.
  INTERNAL_ERROR("internal_error", HttpStatus.INTERNAL_SERVER_ERROR, true);

  private final String code;
  private final HttpStatus status;
  private final boolean retryable;

  ErrorCode(String code, HttpStatus status, boolean retryable) {
    this.code = code;
    this.status = status;
    this.retryable = retryable;
  }

  @com.fasterxml.jackson.annotation.JsonValue
  public String code() {
    return code;
  }

  public HttpStatus status() {
    return status;
  }

  public boolean retryable() {
    return retryable;
  }

  /** The key of the localized, customer-readable message. */
  public String messageKey() {
    return "error." + code;
  }
}
