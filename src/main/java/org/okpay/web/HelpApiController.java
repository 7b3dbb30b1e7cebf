package org.okpay.web;

import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.okpay.identity.AccountHelpApi;
import org.okpay.identity.CurrentUser;
import org.okpay.identity.IdentityApi;
import org.okpay.payments.NextSteps;
import org.okpay.payments.TransactionView;
import org.okpay.shared.ErrorCode;
import org.okpay.shared.FieldErrors;
import org.okpay.shared.OkPayException;
import org.okpay.support.CaseCategory;
import org.okpay.support.HelpApi;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The help center's self-checks as JSON, for apps: where a topic leads
 * ({@code GET /api/v1/help/topics/{topic}}, anyone) and what a category's check finds in the
 * caller's own data ({@code GET /api/v1/help/checks/{category}}, signed in).
 */
@RestController
@Tag(name = "Help center")
public class HelpApiController {

  private final HelpApi help;
  private final AccountHelpApi accountHelp;
  private final IdentityApi identity;
  private final Clock clock;

  HelpApiController(HelpApi help, AccountHelpApi accountHelp, IdentityApi identity,
      Clock clock) {
    this.help = help;
    this.accountHelp = accountHelp;
    this.identity = identity;
    this.clock = clock;
  }

  /** The category a topic (a category or an error code) and the caller's transaction lead to. */
  @GetMapping("/api/v1/help/topics/{topic}")
  public Map<String, Object> topic(@AuthenticationPrincipal CurrentUser user,
      @PathVariable String topic, @RequestParam(required = false) UUID transaction) {
    TransactionView tx = user == null || transaction == null ? null
        : help.transaction(user.userId(), transaction).orElse(null);
    CaseCategory category = help.categoryOf(topic, tx);
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("category", category.code());
    body.put("page", "/help/" + HelpPagesController.SLUGS.get(category));
    return body;
  }

  @GetMapping("/api/v1/help/checks/{category}")
  public Map<String, Object> checks(@AuthenticationPrincipal CurrentUser user,
      @PathVariable String category, @RequestParam(required = false) UUID transaction) {
    if (user == null) {
      throw new OkPayException(ErrorCode.UNAUTHORIZED);
    }
    CaseCategory c = Arrays.stream(CaseCategory.values())
        .filter(v -> v.code().equals(category)).findFirst()
        .orElseThrow(() -> FieldErrors.invalid("category", FieldErrors.UNKNOWN));
    Instant now = clock.instant();
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("category", c.code());
    Optional<TransactionView> focus = transaction == null ? Optional.empty()
        : help.transaction(user.userId(), transaction);
    focus.ifPresent(tx -> body.put("transaction", item(tx, now)));
    switch (c) {
      case SIGN_IN -> body.put("signInLock", accountHelp.signInLock(user.userId()));
      case PAYMENT_FAILED -> body.put("failedPayments",
          help.failedPayments(user.userId()).stream().map(tx -> item(tx, now)).toList());
      case MONEY_NOT_RECEIVED -> body.put("moneyOnTheWay",
          help.moneyOnTheWay(user.userId()).stream().map(tx -> item(tx, now)).toList());
      case REFUND -> body.put("refundRequests", help.refundRequests(user.userId()));
      case ACCOUNT_SECURITY -> {
        Map<String, Object> security = new LinkedHashMap<>();
        security.put("frozen", identity.frozen(user.userId()));
        security.put("sessions", identity.sessions(user).size());
        security.put("antiPhishingPhraseSet",
            accountHelp.antiPhishingPhrase(user.userId()).isPresent());
        body.put("security", security);
      }
      case OTHER -> { }
    }
    body.put("caseForm", HelpPagesController.caseHref(user, c, focus.orElse(null)));
    return body;
  }

  /** A transaction with its failure's next actions and whether it is late. */
  private static Map<String, Object> item(TransactionView tx, Instant now) {
    Map<String, Object> item = new LinkedHashMap<>();
    item.put("transaction", tx);
    item.put("failure", tx.failure() == null ? null : tx.failure().code());
    List<String> actions = NextSteps.of(tx).stream().map(NextSteps.Action::code).toList();
    item.put("actions", actions);
    item.put("late", HelpPagesController.late(tx, now));
    return item;
  }
}
