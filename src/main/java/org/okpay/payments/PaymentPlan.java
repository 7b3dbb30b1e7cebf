package org.okpay.payments;

import java.math.BigDecimal;
import java.util.Currency;
import java.util.UUID;
import org.okpay.identity.IdentityApi.Contact;
import org.okpay.payments.PaymentRail.BankAccountDetails;

/**
 * A request resolved by its {@link OperationType} against the user's funding sources, the
 * recipient and the price: what the guards look at and what the transaction row records.
 *
 * @param operation the {@link OperationType#key()} of the type that made the plan
 * @param outgoing money leaves the user's balance (top-ups bring it in)
 * @param limitAmountMinor the amount in the limits' currency
 * @param rail the rail the money travels on; null when it never leaves OKPay
 */
public record PaymentPlan(
    String operation,
    boolean outgoing,
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

  public long totalMinor() {
    return Math.addExact(amountMinor, feeMinor);
  }
}
