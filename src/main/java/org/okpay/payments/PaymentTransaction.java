package org.okpay.payments;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Currency;
import java.util.List;
import java.util.UUID;
import org.okpay.payments.PaymentRail.BankAccountDetails;

/**
 * One row of payments.transactions: everything needed to carry the operation on later. What an
 * {@link OperationType} gets to build its ledger legs, call its rail and tell people.
 *
 * @param operation the {@link OperationType#key()} that carries it out
 * @param riskReasons {@code RiskReason} keys, e.g. {@code unusual_amount}
 */
public record PaymentTransaction(
    UUID id,
    UUID userId,
    String operation,
    TransactionState state,
    long amountMinor,
    Currency currency,
    long feeMinor,
    Long targetAmountMinor,
    Currency targetCurrency,
    BigDecimal fxRate,
    UUID quoteId,
    UUID cardId,
    UUID bankAccountId,
    UUID counterpartyUserId,
    String counterparty,
    BankAccountDetails recipientBank,
    String note,
    Rail rail,
    String railReference,
    String failureCode,
    long limitAmountMinor,
    List<String> riskReasons,
    Instant expectedAt,
    String idempotencyKey,
    String requestHash,
    Instant createdAt,
    Instant updatedAt) {

  /** What leaves the user's balance, or for top-ups what the card or bank is charged. */
  public long totalMinor() {
    return Math.addExact(amountMinor, feeMinor);
  }

  public PaymentTransaction withState(TransactionState newState) {
    return new PaymentTransaction(id, userId, operation, newState, amountMinor, currency,
        feeMinor, targetAmountMinor, targetCurrency, fxRate, quoteId, cardId, bankAccountId,
        counterpartyUserId, counterparty, recipientBank, note, rail, railReference, failureCode,
        limitAmountMinor, riskReasons, expectedAt, idempotencyKey, requestHash, createdAt,
        updatedAt);
  }

  /** This transaction after a move to {@code newState} at {@code at}, as the move wrote it. */
  public PaymentTransaction movedTo(TransactionState newState, String newFailureCode,
      Instant at) {
    return new PaymentTransaction(id, userId, operation, newState, amountMinor, currency,
        feeMinor, targetAmountMinor, targetCurrency, fxRate, quoteId, cardId, bankAccountId,
        counterpartyUserId, counterparty, recipientBank, note, rail, railReference,
        newFailureCode, limitAmountMinor, riskReasons, expectedAt, idempotencyKey, requestHash,
        createdAt, at);
  }
}
