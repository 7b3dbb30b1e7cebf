package org.okpay.payments;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Currency;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Exchange rates and quotes. Rates come from a pluggable {@link FxRateProvider}; the default is a
 * bundled table the operator can replace. A quote fixes the rate and the fee for a short time;
 * executing it after {@link Quote#expiresAt()} fails with {@code quote_expired}.
 *
 * <p>Money rule: the user's balance gives {@code sourceAmountMinor + feeMinor}; the fee is in the
 * source currency; {@code targetAmountMinor = floor(sourceAmountMinor × rate)} in the target's
 * minor units, so OKPay never gives away a fraction of a minor unit.
 */
public interface FxApi {

  /** Mid-market rates of every supported pair, as of now. */
  List<FxRate> rates();

  /**
   * A new quote for the user. Exactly one of {@code sourceAmountMinor} and
   * {@code targetAmountMinor} is positive (the other 0): "I send this" or "they get this".
   */
  Quote quote(UUID userId, Operation operation, Currency source, Currency target,
      long sourceAmountMinor, long targetAmountMinor);

  /** One of the user's own quotes; another user's is empty. */
  Optional<Quote> quote(UUID userId, UUID quoteId);

  record FxRate(Currency source, Currency target, BigDecimal rate, Instant asOf) {
  }

  record Quote(UUID id, Operation operation, Currency source, Currency target,
      long sourceAmountMinor, long feeMinor, BigDecimal rate, long targetAmountMinor,
      Instant createdAt, Instant expiresAt) {

    public long totalDebitMinor() {
      return Math.addExact(sourceAmountMinor, feeMinor);
    }
  }
}
