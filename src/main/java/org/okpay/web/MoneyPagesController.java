package org.okpay.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Currency;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.okpay.identity.CurrentUser;
import org.okpay.payments.Operation;
import org.okpay.payments.PaymentInputs;
import org.okpay.payments.PaymentsApi;
import org.okpay.payments.PaymentsApi.HistoryFilter;
import org.okpay.payments.PaymentsApi.MonthlyStatement;
import org.okpay.payments.SupportedCurrencies;
import org.okpay.payments.TransactionState;
import org.okpay.payments.TransactionView;
import org.okpay.shared.ErrorCode;
import org.okpay.shared.OkPayException;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The wallet (balances, latest transactions), the history with its filters, CSV export and
 * monthly statements, and each transaction's "where is my money" page with its live tracker and
 * the complaint form. Every read is the signed-in user's own; another user's transaction is the
 * "not found" page, exactly like one that does not exist.
 */
@Controller
public class MoneyPagesController {

  private static final int LATEST = 5;
  private static final int PAGE_SIZE = 20;
  private static final int COMPLAINT_LENGTH_MAX = 1000;
  private static final int CURSOR_LENGTH_MAX = 512;

  private final PaymentsApi payments;
  private final FormProblems forms;
  private final MoneyCharts charts;
  private final NextStepButtons nextSteps;

  MoneyPagesController(PaymentsApi payments, FormProblems forms, MoneyCharts charts,
      NextStepButtons nextSteps) {
    this.payments = payments;
    this.forms = forms;
    this.charts = charts;
    this.nextSteps = nextSteps;
  }

  @GetMapping("/account/money")
  public String walletPage(@AuthenticationPrincipal CurrentUser user,
      @RequestParam(required = false) String draft, HttpServletRequest request,
      HttpServletResponse response, Model model) {
    forms.restore(user, draft, "wallet", request, response, model);
    return wallet(user, model);
  }

  String wallet(CurrentUser user, Model model) {
    List<PaymentsApi.Balance> balances = payments.balances(user.userId());
    Set<Currency> held = balances.stream().map(PaymentsApi.Balance::currency)
        .collect(Collectors.toSet());
    model.addAttribute("balances", balances);
    model.addAttribute("openable", SupportedCurrencies.ALL.stream()
        .filter(c -> !held.contains(c)).toList());
    model.addAttribute("latest",
        payments.history(user.userId(), HistoryFilter.none(), null, LATEST).transactions());
    model.addAttribute("balanceCharts", charts.balanceCharts(user));
    return "money/wallet";
  }

  @PostMapping("/account/money/balances")
  public String openBalance(@AuthenticationPrincipal CurrentUser user,
      @RequestParam(defaultValue = "") String currency, HttpServletRequest request,
      HttpServletResponse response, Model model) {
    try {
      Currency opened = payments.openBalance(user.userId(), currency(currency)).currency();
      return "redirect:/account/money?opened=" + opened.getCurrencyCode();
    } catch (OkPayException e) {
      return forms.redirect(request, user, "wallet", "/account/money", FormProblems.fields(),
          "balanceProblem", e);
    }
  }

  @GetMapping("/account/money/transactions")
  public String history(@AuthenticationPrincipal CurrentUser user, HistoryQuery query,
      @RequestParam(required = false) String cursor, HttpServletRequest request,
      HttpServletResponse response, Model model) {
    model.addAttribute("query", query);
    model.addAttribute("fieldLabels", "history.field.");
    model.addAttribute("operations", Operation.values());
    model.addAttribute("states", TransactionState.values());
    model.addAttribute("currencies", SupportedCurrencies.ALL);
    model.addAttribute("month", YearMonth.now(ZoneOffset.UTC));
    model.addAttribute("transactions", List.of());
    try {
      PaymentsApi.TransactionPage page = payments.history(user.userId(), query.filter(user.zone()),
          cursor(cursor), PAGE_SIZE);
      model.addAttribute("transactions", page.transactions());
      model.addAttribute("nextCursor", page.nextCursor());
    } catch (OkPayException e) {
      forms.show("problem", e, request, response, model);
    }
    return "money/transactions";
  }

  /** The filtered history as a CSV file; a bad filter is refused before a byte is written. */
  @GetMapping("/account/money/transactions.csv")
  public void csv(@AuthenticationPrincipal CurrentUser user, HistoryQuery query,
      HttpServletResponse response) throws IOException {
    HistoryFilter filter = query.filter(user.zone());
    response.setContentType("text/csv");
    response.setCharacterEncoding(StandardCharsets.UTF_8.name());
    response.setHeader(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment()
        .filename("okpay-transactions-" + LocalDate.now(ZoneOffset.UTC) + ".csv").build()
        .toString());
    payments.exportCsv(user.userId(), filter, user.zone(), response.getWriter());
  }

  @GetMapping("/account/money/transactions/{id}")
  public String transaction(@AuthenticationPrincipal CurrentUser user, @PathVariable String id,
      @RequestParam(required = false) String draft, HttpServletRequest request,
      HttpServletResponse response, Model model) {
    TransactionView tx = find(user, id);
    forms.restore(user, draft, "complaint/" + tx.id(), request, response, model)
        .ifPresent(d -> model.addAttribute("complaintMessage", d.field("message")));
    show(user, tx, model);
    return "money/transaction";
  }

  /** The tracker alone, which the page asks for every few seconds while money is on its way. */
  @GetMapping("/account/money/transactions/{id}/tracker")
  public String tracker(@AuthenticationPrincipal CurrentUser user, @PathVariable String id,
      Model model) {
    show(user, find(user, id), model);
    return "money/transaction :: tracker";
  }

  /** The transaction and, when it failed, the buttons of its next steps. */
  private void show(CurrentUser user, TransactionView tx, Model model) {
    model.addAttribute("tx", tx);
    model.addAttribute("nextButtons", nextSteps.forTransaction(user.userId(), tx));
  }

  @PostMapping("/account/money/transactions/{id}/complaint")
  public String complain(@AuthenticationPrincipal CurrentUser user, @PathVariable String id,
      @RequestParam(defaultValue = "") String message, HttpServletRequest request,
      HttpServletResponse response, Model model) {
    TransactionView tx = find(user, id);
    try {
      if (message.strip().length() > COMPLAINT_LENGTH_MAX) {
        throw PaymentRequests.invalid("message", "too_long");
      }
      payments.fileComplaint(user.userId(), tx.id(), message.strip());
      return "redirect:/account/money/transactions/" + tx.id() + "?complaint";
    } catch (OkPayException e) {
      return forms.redirect(request, user, "complaint/" + tx.id(),
          "/account/money/transactions/" + tx.id(), FormProblems.fields("message", message),
          "complaintProblem", e);
    }
  }

  @GetMapping("/account/money/statements")
  public String thisMonthsStatement() {
    return "redirect:/account/money/statements/" + YearMonth.now(ZoneOffset.UTC);
  }

  @GetMapping("/account/money/statements/{month}")
  public String statement(@AuthenticationPrincipal CurrentUser user, @PathVariable String month,
      @RequestParam(required = false) String cursor, HttpServletRequest request,
      HttpServletResponse response, Model model) {
    YearMonth asked = month(month);
    MonthlyStatement statement;
    try {
      statement = payments.statement(user.userId(), asked, cursor(cursor),
          PaymentsApi.STATEMENT_PAGE);
    } catch (OkPayException badCursor) {
      // The month's first page under the problem: the totals and lines are still worth showing.
      forms.show("problem", badCursor, request, response, model);
      statement = payments.statement(user.userId(), asked);
    }
    model.addAttribute("statement", statement);
    model.addAttribute("continued", cursor != null && !cursor.isBlank()
        && !model.containsAttribute("problem"));
    model.addAttribute("monthlyCharts", charts.monthlyCharts(user, asked));
    // No link back into months before the user's first transaction: they are all empty.
    model.addAttribute("previous", anythingBefore(user, asked) ? asked.minusMonths(1) : null);
    model.addAttribute("next",
        asked.isBefore(YearMonth.now(ZoneOffset.UTC)) ? asked.plusMonths(1) : null);
    return "money/statement";
  }

  /** Every line of the month's statement as a CSV file, streamed page by page. */
  @GetMapping("/account/money/statements/{month}.csv")
  public void statementCsv(@AuthenticationPrincipal CurrentUser user, @PathVariable String month,
      HttpServletResponse response) throws IOException {
    YearMonth asked = month(month);
    response.setContentType("text/csv");
    response.setCharacterEncoding(StandardCharsets.UTF_8.name());
    response.setHeader(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment()
        .filename("okpay-statement-" + asked + ".csv").build().toString());
    payments.exportCsv(user.userId(), HistoryFilter.month(asked), user.zone(),
        response.getWriter());
  }

  private boolean anythingBefore(CurrentUser user, YearMonth month) {
    Instant start = month.atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant();
    return !payments.history(user.userId(), new HistoryFilter(null, start, null, null, null, null,
        null), null, 1).transactions().isEmpty();
  }

  private TransactionView find(CurrentUser user, String id) {
    try {
      return payments.transaction(user.userId(), UUID.fromString(id)).orElseThrow(
          MoneyPagesController::notFound);
    } catch (IllegalArgumentException notAnId) {
      throw notFound();
    }
  }

  /** Another user's transaction and one that does not exist look the same: not found. */
  private static OkPayException notFound() {
    return new OkPayException(ErrorCode.TRANSACTION_NOT_FOUND);
  }

  private static YearMonth month(String text) {
    try {
      return YearMonth.parse(text);
    } catch (DateTimeParseException notAMonth) {
      throw new OkPayException(ErrorCode.ROUTE_NOT_FOUND);
    }
  }

  private static Currency currency(String code) {
    return PaymentInputs.currency(code, "currency");
  }

  private static String cursor(String cursor) {
    if (cursor == null || cursor.isBlank()) {
      return null;
    }
    if (cursor.length() > CURSOR_LENGTH_MAX) {
      throw PaymentRequests.invalid("cursor", "too_long");
    }
    return cursor;
  }
}
