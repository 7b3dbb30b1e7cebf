package org.okpay.payments.internal;

import java.math.BigDecimal;
import java.util.Currency;
import java.util.UUID;
import org.okpay.identity.IdentityApi.Contact;
import org.okpay.payments.Operation;
import org.okpay.payments.PaymentRail.BankAccountDetails;
import org.okpay.payments.Rail;

/**
 * A request resolved against the user's funding sources, the recipient and the price: what the
 * checks look at and what the transaction row records.
 *
 * @param limitAmountMinor the amount in the limits' currency
 */
record Plan(
    Operation operation,
    long amountMinor,
    Currency currency,
    long feeMinor,
    Long targetAmountMinor,
    Currency targetCurrency,
    BigDecimal fxRate,
    UUID quoteId,
    UUID cardId,
    UUID bankAccountId,
    Contact recipient,
    BankAccountDetails recipientBank,
    String counterparty,
    String note,
    Rail rail,
    long limitAmountMinor) {

  long totalMinor() {
    return Math.addExact(amountMinor, feeMinor);
  }

  /** Money leaves the user's balance (top-ups bring it in). */
  boolean outgoing() {
    return operation != Operation.TOPUP_CARD && operation != Operation.TOPUP_BANK;
  }
}
