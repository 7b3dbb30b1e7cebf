package org.okpay.payments.internal;

import java.time.Clock;
import java.util.Map;
import java.util.UUID;
import org.okpay.payments.FxApi;
import org.okpay.payments.FxApi.Quote;
import org.okpay.payments.Operation;
import org.okpay.payments.internal.fx.QuoteBook;
import org.okpay.shared.ErrorCode;
import org.okpay.shared.OkPayException;
import org.springframework.stereotype.Component;

/** The user's FX quotes as operations see them: read for a preview, used up by an execution. */
@Component
class Quotes {

  private final FxApi fx;
  private final QuoteBook book;
  private final Clock clock;

  Quotes(FxApi fx, QuoteBook book, Clock clock) {
    this.fx = fx;
    this.book = book;
    this.clock = clock;
  }

  /**
   * One of the user's quotes for the operation, still valid. An expired one is refused with
   * {@code quote_expired} and a new quote for the same amounts, as the execution would.
   */
  Quote readable(UUID userId, UUID quoteId, Operation operation) {
    Quote quote = fx.quote(userId, quoteId).filter(q -> q.operation() == operation)
        .orElseThrow(() -> new OkPayException(ErrorCode.QUOTE_NOT_FOUND,
            Map.of("field", "quoteId")));
    if (!clock.instant().isBefore(quote.expiresAt())) {
      Quote fresh = fx.quote(userId, operation, quote.source(), quote.target(),
          quote.sourceAmountMinor(), 0);
      throw new OkPayException(ErrorCode.QUOTE_EXPIRED, Map.of("newQuote", fresh));
    }
    return quote;
  }

  /**
   * Marks the quote used by the transaction, in the caller's database transaction, for the
   * operation the quote was bought for (a built-in type's plan checked it is its own).
   */
  Quote use(UUID userId, UUID quoteId, UUID transactionId) {
    Quote quote = fx.quote(userId, quoteId).orElseThrow(() -> new OkPayException(
        ErrorCode.QUOTE_NOT_FOUND, Map.of("field", "quoteId")));
    return use(userId, quoteId, quote.operation(), transactionId);
  }

  /** Marks the quote used by the transaction, in the caller's database transaction. */
  Quote use(UUID userId, UUID quoteId, Operation operation, UUID transactionId) {
    return book.useQuote(userId, quoteId, operation, transactionId);
  }
}
