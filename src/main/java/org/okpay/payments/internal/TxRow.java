package org.okpay.payments.internal;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Currency;
import java.util.List;
import java.util.UUID;
import org.okpay.payments.Operation;
import org.okpay.payments.PaymentRail.BankAccountDetails;
import org.okpay.payments.Rail;
import org.okpay.payments.TransactionState;

/** One row of payments.transactions: everything needed to carry the operation on later. */
record TxRow(
    UUID id,
    UUID userId,
    Operation operation,
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
  long totalMinor() {
    return Math.addExact(amountMinor, feeMinor);
  }

  TxRow withState(TransactionState newState) {
    return new TxRow(id, userId, operation, newState, amountMinor, currency, feeMinor,
        targetAmountMinor, targetCurrency, fxRate, quoteId, cardId, bankAccountId,
        counterpartyUserId, counterparty, recipientBank, note, rail, railReference, failureCode,
        limitAmountMinor, riskReasons, expectedAt, idempotencyKey, requestHash, createdAt,
        updatedAt);
  }
}
