package org.okpay.payments;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.okpay.shared.ErrorCode;

/**
 * What a user can do after each failure, declared here once for the API and the pages: every
 * failure code of a payment (a rail's decline, a refusal before anything was recorded) maps to
 * its advice (the {@code error.<code>} message) and its next actions, in the order to offer them
 * (the first is the main one). The API sends the actions' codes in a problem's {@code actions}
 * and a failed transaction's {@code actions}; the pages turn them into buttons; the reassurance
 * (what did not happen to the user's money) is chosen here by operation and outcome.
 */
public final class NextSteps {

  /** A next step, sent as its stable {@link #code()}: never renamed or reused. */
  public enum Action {
    /** The same details again, as a new payment: with a new {@code Idempotency-Key}. */
    RETRY,
    USE_ANOTHER_CARD,
    USE_ANOTHER_BANK_ACCOUNT,
    /** New expiry date and security code for the same card ({@code PATCH /api/v1/me/cards/{id}}). */
    UPDATE_CARD,
    /** Add money to the balance first, then pay. */
    TOP_UP_FIRST,
    /** A smaller amount (a limit, a card's funds). */
    CHANGE_AMOUNT,
    /** Correct what was typed (the recipient, the bank details). */
    CHECK_DETAILS,
    /** The refusal carries a new quote ({@code newQuote}): check it and confirm again. */
    CONFIRM_NEW_QUOTE,
    /** Send the code from the authenticator app ({@code secondFactorCode}). */
    ENTER_SECOND_FACTOR,
    /** The status page says when the part under maintenance or in trouble is back. */
    CHECK_STATUS,
    /** The transaction that recorded the failure ({@code transactionId}) and its steps. */
    OPEN_TRACKER,
    /** A person has to help; the link point is the web module's one support address. */
    CONTACT_SUPPORT;

    public String code() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  private static final Map<ErrorCode, List<Action>> ACTIONS = new EnumMap<>(ErrorCode.class);

  static {
    // Refused before anything was recorded (the guards, in PaymentResultCode order).
    map(ErrorCode.MAINTENANCE, Action.CHECK_STATUS, Action.RETRY);
    map(ErrorCode.VALIDATION_FAILED, Action.CHECK_DETAILS);
    map(ErrorCode.CURRENCY_NOT_SUPPORTED, Action.CHECK_DETAILS);
    map(ErrorCode.RECIPIENT_NOT_FOUND, Action.CHECK_DETAILS);
    map(ErrorCode.CANNOT_PAY_YOURSELF, Action.CHECK_DETAILS);
    map(ErrorCode.CARD_NOT_FOUND, Action.USE_ANOTHER_CARD);
    map(ErrorCode.BANK_ACCOUNT_NOT_FOUND, Action.USE_ANOTHER_BANK_ACCOUNT);
    map(ErrorCode.BANK_ACCOUNT_NOT_VERIFIED, Action.USE_ANOTHER_BANK_ACCOUNT);
    map(ErrorCode.QUOTE_EXPIRED, Action.CONFIRM_NEW_QUOTE);
    map(ErrorCode.QUOTE_NOT_FOUND, Action.RETRY);
    map(ErrorCode.QUOTE_USED, Action.RETRY);
    map(ErrorCode.RATE_UNAVAILABLE, Action.RETRY, Action.CHECK_STATUS);
    map(ErrorCode.ACCOUNT_FROZEN, Action.CONTACT_SUPPORT);
    map(ErrorCode.INSUFFICIENT_FUNDS, Action.TOP_UP_FIRST, Action.CHANGE_AMOUNT);
    map(ErrorCode.VELOCITY_LIMIT, Action.RETRY);
    map(ErrorCode.LIMIT_EXCEEDED, Action.CHANGE_AMOUNT);
    map(ErrorCode.SECOND_FACTOR_REQUIRED, Action.ENTER_SECOND_FACTOR);
    map(ErrorCode.INVALID_SECOND_FACTOR, Action.ENTER_SECOND_FACTOR);
    // Recorded, failed transactions: the rail's answer (Mover#declined), a review, a stop.
    map(ErrorCode.CARD_EXPIRED, Action.UPDATE_CARD, Action.USE_ANOTHER_CARD);
    map(ErrorCode.CARD_DECLINED, Action.USE_ANOTHER_CARD);
    map(ErrorCode.CARD_INSUFFICIENT_FUNDS, Action.USE_ANOTHER_CARD, Action.CHANGE_AMOUNT);
    map(ErrorCode.RAIL_PROCESSING_ERROR, Action.RETRY);
    map(ErrorCode.BANK_ACCOUNT_CLOSED, Action.USE_ANOTHER_BANK_ACCOUNT, Action.CHECK_DETAILS);
    map(ErrorCode.BANK_NAME_MISMATCH, Action.CHECK_DETAILS, Action.USE_ANOTHER_BANK_ACCOUNT);
    map(ErrorCode.RETURNED_BY_BANK, Action.CHECK_DETAILS, Action.CONTACT_SUPPORT);
    map(ErrorCode.REVIEW_REJECTED, Action.CONTACT_SUPPORT);
    map(ErrorCode.PAYMENT_INTERRUPTED, Action.RETRY);
    // The platform was briefly unable to answer: nothing was done.
    map(ErrorCode.LEDGER_BUSY, Action.RETRY);
    map(ErrorCode.DATABASE_UNAVAILABLE, Action.RETRY);
    map(ErrorCode.SERVER_BUSY, Action.RETRY);
  }

  private NextSteps() {
  }

  private static void map(ErrorCode code, Action... actions) {
    if (ACTIONS.put(code, List.of(actions)) != null) {
      throw new IllegalStateException(code + " mapped twice");
    }
  }

  /** The codes that have next steps (the rest, e.g. a reused idempotency key, are bugs). */
  public static Set<ErrorCode> mapped() {
    return Collections.unmodifiableSet(ACTIONS.keySet());
  }

  /** The actions of a code, whatever the operation; empty for a code without any. */
  public static List<Action> of(ErrorCode code) {
    return ACTIONS.getOrDefault(code, List.of());
  }

  /**
   * The actions of a failure of {@code operationKey} (null when unknown: all of them), without
   * those that cannot apply to it (another card for a withdrawal, topping up before a top-up),
   * and, when a transaction recorded the failure, {@link Action#OPEN_TRACKER} after the others.
   */
  public static List<Action> of(ErrorCode code, String operationKey, boolean recorded) {
    List<Action> actions = new ArrayList<>();
    for (Action action : of(code)) {
      if (appliesTo(action, operationKey)) {
        actions.add(action);
      }
    }
    if (recorded) {
      actions.add(Action.OPEN_TRACKER);
    }
    return List.copyOf(actions);
  }

  /** The codes of {@link #of(ErrorCode, String, boolean)}, as the API sends them. */
  public static List<String> codes(ErrorCode code, String operationKey, boolean recorded) {
    return of(code, operationKey, recorded).stream().map(Action::code).toList();
  }

  /**
   * What a failed or returned transaction's tracker can offer: its failure's actions for its
   * operation (not the tracker itself, which is where they are shown); empty for any other
   * state, and for the recipient of another user's payment (it is not theirs to retry).
   */
  public static List<Action> of(TransactionView tx) {
    if (tx.failure() == null || tx.incoming() || (tx.state() != TransactionState.FAILED
        && tx.state() != TransactionState.REVERSED)) {
      return List.of();
    }
    return of(tx.failure(), tx.operation() == null ? null : tx.operation().key(), false);
  }

  private static boolean appliesTo(Action action, String operationKey) {
    if (operationKey == null) {
      return true;
    }
    return switch (action) {
      case USE_ANOTHER_CARD, UPDATE_CARD -> operationKey.equals(Operation.TOPUP_CARD.key());
      case USE_ANOTHER_BANK_ACCOUNT -> operationKey.equals(Operation.TOPUP_BANK.key())
          || operationKey.equals(Operation.WITHDRAWAL.key());
      case TOP_UP_FIRST -> !operationKey.equals(Operation.TOPUP_CARD.key())
          && !operationKey.equals(Operation.TOPUP_BANK.key());
      default -> true;
    };
  }

  /**
   * What did not happen to the user's money, as a message key ({@code money.reassure.*}), for a
   * transaction that failed or came back; null for any other. Only money that was held is said
   * to be released: a card top-up has no hold, and its card was simply not charged.
   */
  public static String reassuranceKey(TransactionView tx) {
    if (tx.state() == TransactionState.REVERSED) {
      return "money.reassure.returned";
    }
    if (tx.state() != TransactionState.FAILED) {
      return null;
    }
    if (tx.incoming()) {
      return "money.reassure.nothing_arrived";
    }
    boolean held = tx.steps().stream()
        .anyMatch(s -> TrackerStep.HOLD_PLACED.key().equals(s.step()));
    if (held) {
      return "money.reassure.hold_released";
    }
    if (tx.operation() == Operation.TOPUP_CARD) {
      return "money.reassure.card_not_charged";
    }
    if (tx.operation() == Operation.TOPUP_BANK) {
      return "money.reassure.bank_not_charged";
    }
    return "money.reassure.nothing_moved";
  }
}
