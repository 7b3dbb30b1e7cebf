package org.okpay.payments.internal.fx;

import java.util.UUID;
import org.okpay.identity.CurrentUser;
import org.okpay.payments.FxApi.Quote;
import org.okpay.payments.Operation;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Test-only stand-in for the transaction core, until it exists: executes a quote inside a
 * database transaction, as the core will, so that errors travel the real way to problem+json.
 * With {@code rollback} the transaction is rolled back after the quote was marked.
 */
@RestController
class QuoteUseTestController {

  static final String PATH = "/api/v1/me/test/fx/quotes/{id}/use";

  private final QuoteBook book;
  private final TransactionTemplate tx;

  QuoteUseTestController(QuoteBook book, TransactionTemplate tx) {
    this.book = book;
    this.tx = tx;
  }

  @PostMapping(PATH)
  QuoteView use(@AuthenticationPrincipal CurrentUser user, @PathVariable UUID id,
      @RequestParam String operation, @RequestParam UUID usedBy,
      @RequestParam(defaultValue = "false") boolean rollback) {
    return tx.execute(status -> {
      Quote quote = book.useQuote(user.userId(), id, Operation.fromKey(operation), usedBy);
      if (rollback) {
        status.setRollbackOnly();
      }
      return QuoteView.of(quote);
    });
  }
}
