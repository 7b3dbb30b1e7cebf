package org.okpay.payments.internal.fx;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.okpay.payments.FxApi;
import org.okpay.payments.FxRateProvider;
import org.okpay.payments.Operation;
import org.okpay.payments.SupportedCurrencies;
import org.okpay.payments.internal.fx.QuoteStore.FixedSide;
import org.okpay.payments.internal.fx.QuoteStore.StoredQuote;
import org.okpay.shared.FieldErrors;
import org.okpay.shared.OkPayException;
import org.springframework.context.support.DefaultMessageSourceResolvable;
import org.springframework.stereotype.Service;

/**
 * Rates and quotes. A quote is the mid-market rate of now, the fee of the schedule on the source
 * amount, and {@code target = floor(source × rate)}; it holds for {@code okpay.payments.quote-ttl}.
 */
@Service
class FxService implements FxApi {

  /** 10^13 minor units: the largest amount OKPay takes in one request. */
  static final long AMOUNT_MAX = 10_000_000_000_000L;

  private final FxRateProvider rates;
  private final FeeSchedule fees;
  private final QuoteStore quotes;
  private final PricingProperties properties;
  private final Clock clock;

  FxService(FxRateProvider rates, FeeSchedule fees, QuoteStore quotes,
      PricingProperties properties, Clock clock) {
    this.rates = rates;
    this.fees = fees;
    this.quotes = quotes;
    this.properties = properties;
    this.clock = clock;
  }

  @Override
  public List<FxRate> rates() {
    Instant asOf = rates.asOf();
    List<FxRate> out = new ArrayList<>();
    for (Currency source : SupportedCurrencies.ALL) {
      for (Currency target : SupportedCurrencies.ALL) {
        if (!source.equals(target)) {
          rates.rate(source, target).filter(r -> r.signum() > 0)
              .ifPresent(r -> out.add(new FxRate(source, target, r, asOf)));
        }
      }
    }
    return out;
  }

  @Override
  public Quote quote(UUID userId, Operation operation, Currency source, Currency target,
      long sourceAmountMinor, long targetAmountMinor) {
    checkRequest(operation, source, target, sourceAmountMinor, targetAmountMinor);
    FixedSide side = sourceAmountMinor > 0 ? FixedSide.SOURCE : FixedSide.TARGET;
    return create(userId, operation, source, target, side,
        side == FixedSide.SOURCE ? sourceAmountMinor : targetAmountMinor);
  }

  @Override
  public Optional<Quote> quote(UUID userId, UUID quoteId) {
    return quotes.find(userId, quoteId).map(StoredQuote::quote);
  }

  /** A new quote for the same user, currencies and given amount as {@code old}. */
  Quote renew(StoredQuote old) {
    Quote q = old.quote();
    long given = old.fixedSide() == FixedSide.SOURCE ? q.sourceAmountMinor()
        : q.targetAmountMinor();
    return create(old.userId(), q.operation(), q.source(), q.target(), old.fixedSide(), given);
  }

  private Quote create(UUID userId, Operation operation, Currency source, Currency target,
      FixedSide side, long givenMinor) {
    BigDecimal rate = PricingService.rate(rates, source, target);
    long sourceMinor;
    long targetMinor;
    if (side == FixedSide.SOURCE) {
      sourceMinor = givenMinor;
      targetMinor = checkedAmount(FxMath.target(sourceMinor, rate, source, target),
          "sourceAmountMinor");
    } else {
      targetMinor = givenMinor;
      sourceMinor = checkedAmount(FxMath.sourceFor(targetMinor, rate, source, target),
          "targetAmountMinor");
      // What the recipient gets is what the money rule gives for that source: at least the
      // amount asked, sometimes a little more when one source unit buys several target units.
      targetMinor = FxMath.target(sourceMinor, rate, source, target).longValueExact();
    }
    long feeMinor = fees.fee(operation, source, sourceMinor).feeMinor();
    Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS); // what PostgreSQL keeps
    Quote quote = new Quote(UUID.randomUUID(), operation, source, target, sourceMinor, feeMinor,
        rate, targetMinor, now, now.plus(properties.quoteTtl()));
    quotes.insert(new StoredQuote(quote, userId, side, null));
    return quote;
  }

  /** An amount the rate made 0 or larger than OKPay takes is the given field's fault. */
  private static long checkedAmount(BigDecimal amount, String field) {
    if (amount.signum() <= 0) {
      throw invalid(field, "fx.quote.tooSmall");
    }
    if (amount.compareTo(BigDecimal.valueOf(AMOUNT_MAX)) > 0) {
      throw invalid(field, "fx.quote.tooLarge");
    }
    return amount.longValueExact();
  }

  private static void checkRequest(Operation operation, Currency source, Currency target,
      long sourceAmountMinor, long targetAmountMinor) {
    if (operation != Operation.CONVERT && operation != Operation.CROSS_BORDER) {
      throw invalid("operation", "fx.quote.operation");
    }
    PricingService.requireSupported(source, "sourceCurrency");
    PricingService.requireSupported(target, "targetCurrency");
    if (source.equals(target)) {
      throw invalid("targetCurrency", "fx.quote.sameCurrency");
    }
    checkAmount(sourceAmountMinor, "sourceAmountMinor");
    checkAmount(targetAmountMinor, "targetAmountMinor");
    if ((sourceAmountMinor > 0) == (targetAmountMinor > 0)) {
      throw invalid(sourceAmountMinor > 0 ? "targetAmountMinor" : "sourceAmountMinor",
          "fx.quote.oneAmount");
    }
  }

  private static void checkAmount(long amountMinor, String field) {
    if (amountMinor < 0 || amountMinor > AMOUNT_MAX) {
      throw invalid(field, "fx.quote.amountRange");
    }
  }

  static OkPayException invalid(String field, String messageKey) {
    String code = messageKey.endsWith("Range") || messageKey.endsWith("tooSmall")
        || messageKey.endsWith("tooLarge") ? FieldErrors.OUT_OF_RANGE : FieldErrors.INVALID;
    return new FieldErrors().add(field, code, new DefaultMessageSourceResolvable(messageKey))
        .exception();
  }
}
