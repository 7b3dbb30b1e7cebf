package org.okpay.payments.internal.fx;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Currency;
import java.util.UUID;
import org.okpay.payments.FxApi.Quote;
import org.okpay.shared.Money;

/**
 * A quote as JSON shows it: the exact minor units for programs, and the same amounts in major
 * units as strings for display ("100.00", "15537"). The rate is a string too, so that no client
 * reads it into a binary floating-point number. The quotes API answers with it, and a
 * {@code quote_expired} problem carries one as {@code newQuote}.
 */
public record QuoteView(UUID id, String operation, String sourceCurrency, String targetCurrency,
    long sourceAmountMinor, String sourceAmount, long feeMinor, String fee,
    long totalDebitMinor, String totalDebit, String rate, long targetAmountMinor,
    String targetAmount, Instant createdAt, Instant expiresAt) {

  public static QuoteView of(Quote q) {
    return new QuoteView(q.id(), q.operation().key(), q.source().getCurrencyCode(),
        q.target().getCurrencyCode(), q.sourceAmountMinor(), major(q.sourceAmountMinor(),
        q.source()), q.feeMinor(), major(q.feeMinor(), q.source()), q.totalDebitMinor(),
        major(q.totalDebitMinor(), q.source()), plain(q.rate()), q.targetAmountMinor(),
        major(q.targetAmountMinor(), q.target()), q.createdAt(), q.expiresAt());
  }

  static String major(long amountMinor, Currency currency) {
    return new Money(amountMinor, currency).toMajor().toPlainString();
  }

  static String plain(BigDecimal rate) {
    return rate.stripTrailingZeros().toPlainString();
  }
}
