package org.okpay.payments.internal.fx;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.okpay.payments.FxApi.Quote;
import org.okpay.payments.Operation;
import org.okpay.payments.internal.fx.QuoteStore.StoredQuote;
import org.okpay.shared.ErrorCode;
import org.okpay.shared.OkPayException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Executing a quote, for the transaction core: one quote pays for one transaction, once.
 */
@Component
public class QuoteBook {

  /** Rounds of "not marked, yet unused and unexpired": only a racing rollback causes one. */
  private static final int ATTEMPTS_MAX = 3;

  private final QuoteStore quotes;
  private final FxService fx;
  private final Clock clock;
  private final TransactionTemplate ownTransaction;

  QuoteBook(QuoteStore quotes, FxService fx, Clock clock, PlatformTransactionManager txManager) {
    this.quotes = quotes;
    this.fx = fx;
    this.clock = clock;
    this.ownTransaction = new TransactionTemplate(txManager);
    this.ownTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
  }

  /**
   * Marks the user's quote as used by transaction {@code usedBy} and returns it. Runs in the
   * caller's database transaction, so a transaction that rolls back leaves the quote unused.
   * Asking again with the same {@code usedBy} returns the quote again (a replay), even after it
   * expired.
   *
   * @throws OkPayException {@code quote_not_found} (404) when the quote is not this user's or
   *     not for this operation; {@code quote_used} (409) when another transaction used it;
   *     {@code quote_expired} (409) when it expired unused: the problem's {@code newQuote} is a
   *     fresh quote ({@link QuoteView}) for the same amount the user gave, already stored (in a
   *     transaction of its own, so it survives the caller's rollback), to show and confirm
   */
  public Quote useQuote(UUID userId, UUID quoteId, Operation operation, UUID usedBy) {
    for (int attempt = 1; attempt <= ATTEMPTS_MAX; attempt++) {
      Instant now = clock.instant();
      Optional<StoredQuote> marked = quotes.markUsed(userId, quoteId, operation, usedBy, now);
      if (marked.isPresent()) {
        return marked.get().quote();
      }
      StoredQuote stored = quotes.find(userId, quoteId)
          .filter(s -> s.quote().operation() == operation)
          .orElseThrow(() -> new OkPayException(ErrorCode.QUOTE_NOT_FOUND));
      if (usedBy.equals(stored.usedBy())) {
        return stored.quote();
      }
      if (stored.usedBy() != null) {
        throw new OkPayException(ErrorCode.QUOTE_USED);
      }
      if (!stored.quote().expiresAt().isAfter(now)) {
        throw expired(stored);
      }
    }
    throw new IllegalStateException("quote " + quoteId + " could not be marked used");
  }

  private OkPayException expired(StoredQuote stored) {
    Quote fresh = ownTransaction.execute(s -> fx.renew(stored));
    Map<String, Object> properties = new LinkedHashMap<>();
    properties.put("quoteId", stored.quote().id());
    properties.put("expiredAt", stored.quote().expiresAt());
    properties.put("newQuote", QuoteView.of(fresh));
    return new OkPayException(ErrorCode.QUOTE_EXPIRED, properties);
  }
}
