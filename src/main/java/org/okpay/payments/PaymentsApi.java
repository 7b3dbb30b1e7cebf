package org.okpay.payments;

import java.io.IOException;
import java.io.Writer;
import java.time.Instant;
import java.time.YearMonth;
import java.util.Currency;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.okpay.identity.CurrentUser;
import org.okpay.shared.Money;

/**
 * Balances and the operations that move money, for the API and the pages. Every read and write is
 * scoped to the calling user: another user's transaction is "not found".
 */
public interface PaymentsApi {

  int HISTORY_LIMIT_MAX = 100;

  /** The user's balances, one per currency opened. */
  List<Balance> balances(UUID userId);

  /** Opens a balance in a supported currency (or returns the one that exists). */
  Balance openBalance(UUID userId, Currency currency);

  /**
   * Every check an operation would make, without doing it: the fee, the total, the balance after,
   * the limits left, the state of the rail. Throws what {@link #execute} would throw before any
   * effect (insufficient funds, limit reached, expired card, maintenance, frozen account ...).
   */
  Preview preview(CurrentUser user, PaymentRequest request);

  /**
   * Does the operation, once per {@code idempotencyKey}: the same key again returns the same
   * transaction ({@link Executed#replayed()}), the same key with other parameters is refused
   * with {@code idempotency_key_reused}. Checks that fail throw before anything is recorded; a
   * rail's refusal is a recorded, failed transaction.
   *
   * @param secondFactorCode a fresh two-factor code, needed when the risk checks ask for one
   */
  Executed execute(CurrentUser user, String idempotencyKey, PaymentRequest request,
      String secondFactorCode);

  Optional<TransactionView> transaction(UUID userId, UUID transactionId);

  /**
   * The user who received a payment between users ({@code p2p}) that {@code senderId} made;
   * empty for another user's transaction or any other operation. For disputes, which hold the
   * recipient's funds.
   */
  Optional<UUID> p2pRecipient(UUID senderId, UUID transactionId);

  /** Newest first; {@code cursor} is null for the first page. */
  TransactionPage history(UUID userId, HistoryFilter filter, String cursor, int limit);

  /** Every transaction matching the filter, as CSV (header first), newest first, times in UTC. */
  default void exportCsv(UUID userId, HistoryFilter filter, Writer out) throws IOException {
    exportCsv(userId, filter, java.time.ZoneOffset.UTC, out);
  }

  /**
   * The same, the {@code created_at} column in the user's zone with its offset (ISO-8601, e.g.
   * {@code 2026-12-07T10:47:00+08:00}), so a spreadsheet shows the user's clock and the moment
   * stays exact.
   */
  void exportCsv(UUID userId, HistoryFilter filter, java.time.ZoneId zone, Writer out)
      throws IOException;

  /** Lines on a statement's first page (and the most on any page: see {@link #statement}). */
  int STATEMENT_PAGE = 100;
  int STATEMENT_PAGE_MAX = 500;

  /** The month's totals and its first {@link #STATEMENT_PAGE} lines. */
  default MonthlyStatement statement(UUID userId, YearMonth month) {
    return statement(userId, month, null, STATEMENT_PAGE);
  }

  /**
   * Opening and closing balance and money in and out per currency, summed by the ledger over the
   * whole month on every page, and up to {@code limit} (1..{@link #STATEMENT_PAGE_MAX}) of the
   * month's transactions, newest first, after {@code cursor} (null: the first page; else the
   * {@code nextCursor} of the page before). A cursor that cannot be read is {@code
   * validation_failed} on {@code cursor}.
   */
  MonthlyStatement statement(UUID userId, YearMonth month, String cursor, int limit);

  /**
   * Records a complaint that money has not arrived; only once the expected time has passed
   * ({@code complaint_too_early} before), once per transaction.
   */
  Complaint fileComplaint(UUID userId, UUID transactionId, String message);

  /**
   * Records the same complaint when the user says money OKPay shows as arrived in their balance
   * did not (a merchant refund's "not received"): no waiting time, once per transaction.
   */
  Complaint fileArrivalComplaint(UUID userId, UUID transactionId, String message);

  /**
   * Every complaint ever filed, oldest first, after the one with {@code afterId} (null: from the
   * start), at most {@code limit} (1..500): support opens a case for any it has none for (the
   * complaints filed before support existed, or whose event was lost).
   */
  default List<PaymentComplaintFiled> complaintsAfter(UUID afterId, int limit) {
    return List.of();
  }

  record Balance(Currency currency, Money balance, Money available, boolean frozen) {
  }

  /**
   * @param total what leaves the balance (amount + fee); for top-ups, what the card or bank pays
   * @param receives what the recipient gets (in the target currency for FX)
   * @param balanceAfter the balance in the source currency afterwards (for top-ups, after
   *     crediting)
   * @param dailyLeft what is left of the daily limit after this, in the limit's currency
   * @param railDegraded the rail is slow or partly down: it may take longer
   * @param secondFactorNeeded the risk checks will ask for a two-factor code
   * @param reviewNeeded the risk checks will hold the payment for a review
   * @param operationKey the {@link OperationType#key()} (JSON {@code operation}); {@code operation}
   *     is null for a registered type
   */
  record Preview(@com.fasterxml.jackson.annotation.JsonIgnore Operation operation, Money amount, Money fee, Money total, Money receives,
      Money balanceAfter, Money dailyLeft, Money monthlyLeft, boolean railDegraded,
      Instant expectedAt, boolean secondFactorNeeded, boolean reviewNeeded,
      List<String> riskReasons,
      @com.fasterxml.jackson.annotation.JsonProperty("operation") String operationKey) {
  }

  record Executed(TransactionView transaction, boolean replayed) {
  }

  /**
   * Every field is optional (null).
   *
   * @param counterparty part of the counterparty's text, e.g. an e-mail address
   * @param text searched in the counterparty, the note and the rail reference
   */
  record HistoryFilter(Instant from, Instant to, Operation operation, TransactionState state,
      Currency currency, String counterparty, String text) {

    public static HistoryFilter none() {
      return new HistoryFilter(null, null, null, null, null, null, null);
    }

    /** The statement's month: from its first UTC midnight to the next month's, excluded. */
    public static HistoryFilter month(YearMonth month) {
      return new HistoryFilter(month.atDay(1).atStartOfDay(java.time.ZoneOffset.UTC).toInstant(),
          month.plusMonths(1).atDay(1).atStartOfDay(java.time.ZoneOffset.UTC).toInstant(),
          null, null, null, null, null);
    }
  }

  record TransactionPage(List<TransactionView> transactions, String nextCursor) {
  }

  /**
   * @param currencies the whole month's totals, whichever page this is
   * @param transactions one page of the month's lines, newest first
   * @param nextCursor where the next page starts; null on the last page
   */
  record MonthlyStatement(YearMonth month, List<CurrencySummary> currencies,
      List<TransactionView> transactions, String nextCursor) {
  }

  record CurrencySummary(Currency currency, Money opening, Money moneyIn, Money moneyOut,
      Money closing) {
  }

  record Complaint(UUID id, UUID transactionId, String message, Instant createdAt) {
  }
}
