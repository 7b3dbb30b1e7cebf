package org.okpay.payments.internal;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.nio.charset.StandardCharsets;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import org.okpay.identity.CurrentUser;
import org.okpay.payments.internal.PaymentBodies.MoneyBody;
import org.okpay.payments.NextSteps;
import org.okpay.payments.PaymentInputs;
import org.okpay.payments.PaymentRequest;
import org.okpay.payments.PaymentsApi;
import org.okpay.payments.PaymentsApi.Balance;
import org.okpay.payments.PaymentsApi.Complaint;
import org.okpay.payments.PaymentsApi.Executed;
import org.okpay.payments.PaymentsApi.HistoryFilter;
import org.okpay.payments.PaymentsApi.MonthlyStatement;
import org.okpay.payments.PaymentsApi.Preview;
import org.okpay.payments.PaymentsApi.TransactionPage;
import org.okpay.payments.TransactionState;
import org.okpay.payments.TransactionView;
import org.okpay.shared.ErrorCode;
import org.okpay.shared.OkPayException;
import org.springframework.context.MessageSource;
import org.springframework.context.support.DefaultMessageSourceResolvable;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

/**
 * The signed-in user's money over JSON. Every operation takes an {@code Idempotency-Key}; its
 * {@code /preview} twin runs the same checks and moves nothing.
 */
@RestController
@Tag(name = "Payments")
class PaymentsApiController {

  static final String KEY = "Idempotency-Key";

  private final PaymentsApi payments;
  private final MessageSource messages;
  private final RetryAdvice retry;

  PaymentsApiController(PaymentsApi payments, MessageSource messages, RetryAdvice retry) {
    this.payments = payments;
    this.messages = messages;
    this.retry = retry;
  }

  record CurrencyBody(String currency) {
  }

  record ComplaintBody(String message) {
  }

  /**
   * A transaction and, while it waits or after it failed, what the user should know; while it is
   * open, when to ask again ({@link RetryAdvice}).
   */
  record TransactionJson(@JsonUnwrapped TransactionView transaction, String advice,
      Long retryAfterSeconds, List<String> actions, String reassurance) {
  }

  @GetMapping("/api/v1/me/balances")
  @Operation(summary = "Your balances, one per currency")
  List<Balance> balances(@AuthenticationPrincipal CurrentUser user) {
    return payments.balances(user.userId());
  }

  @PostMapping("/api/v1/me/balances")
  @Operation(summary = "Open a balance in another currency")
  ResponseEntity<Balance> openBalance(@AuthenticationPrincipal CurrentUser user,
      @RequestBody CurrencyBody body) {
    return ResponseEntity.status(HttpStatus.CREATED)
        .body(payments.openBalance(user.userId(),
            PaymentInputs.currency(body.currency(), "currency")));
  }

  @PostMapping("/api/v1/me/topups/preview")
  @Operation(summary = "Fee, total, limits left and expected arrival of a top-up; moves nothing")
  Preview previewTopUp(@AuthenticationPrincipal CurrentUser user, @RequestBody MoneyBody body) {
    return preview(user, () -> PaymentBodies.request("topups", body));
  }

  @PostMapping("/api/v1/me/topups")
  @Operation(summary = "Top up from a card {cardId, amountMinor, currency} or a verified bank "
      + "account {bankAccountId, amountMinor}; needs Idempotency-Key")
  ResponseEntity<TransactionJson> topUp(@AuthenticationPrincipal CurrentUser user,
      @RequestHeader(value = KEY, required = false) String key, @RequestBody MoneyBody body) {
    return execute(user, key, () -> PaymentBodies.request("topups", body), body);
  }

  @PostMapping("/api/v1/me/withdrawals/preview")
  @Operation(summary = "Checks of a withdrawal; moves nothing")
  Preview previewWithdrawal(@AuthenticationPrincipal CurrentUser user,
      @RequestBody MoneyBody body) {
    return preview(user, () -> PaymentBodies.request("withdrawals", body));
  }

  @PostMapping("/api/v1/me/withdrawals")
  @Operation(summary = "Withdraw to a verified bank account {bankAccountId, amountMinor}; needs "
      + "Idempotency-Key")
  ResponseEntity<TransactionJson> withdraw(@AuthenticationPrincipal CurrentUser user,
      @RequestHeader(value = KEY, required = false) String key, @RequestBody MoneyBody body) {
    return execute(user, key, () -> PaymentBodies.request("withdrawals", body), body);
  }

  @PostMapping("/api/v1/me/transfers/preview")
  @Operation(summary = "Checks of a payment to another user; moves nothing")
  Preview previewTransfer(@AuthenticationPrincipal CurrentUser user,
      @RequestBody MoneyBody body) {
    return preview(user, () -> PaymentBodies.request("transfers", body));
  }

  @PostMapping("/api/v1/me/transfers")
  @Operation(summary = "Send to another user {recipientEmail or recipientPhone, amountMinor, "
      + "currency, note, secondFactorCode}; needs Idempotency-Key")
  ResponseEntity<TransactionJson> transfer(@AuthenticationPrincipal CurrentUser user,
      @RequestHeader(value = KEY, required = false) String key, @RequestBody MoneyBody body) {
    return execute(user, key, () -> PaymentBodies.request("transfers", body), body);
  }

  @PostMapping("/api/v1/me/conversions/preview")
  @Operation(summary = "Checks of a conversion at a quote; moves nothing")
  Preview previewConversion(@AuthenticationPrincipal CurrentUser user,
      @RequestBody MoneyBody body) {
    return preview(user, () -> PaymentBodies.request("conversions", body));
  }

  @PostMapping("/api/v1/me/conversions")
  @Operation(summary = "Convert between your balances at a quote {quoteId}; needs Idempotency-Key")
  ResponseEntity<TransactionJson> convert(@AuthenticationPrincipal CurrentUser user,
      @RequestHeader(value = KEY, required = false) String key, @RequestBody MoneyBody body) {
    return execute(user, key, () -> PaymentBodies.request("conversions", body), body);
  }

  @PostMapping("/api/v1/me/cross-border/preview")
  @Operation(summary = "Checks of a transfer abroad at a quote; moves nothing")
  Preview previewCrossBorder(@AuthenticationPrincipal CurrentUser user,
      @RequestBody MoneyBody body) {
    return preview(user, () -> PaymentBodies.request("cross-border", body));
  }

  @PostMapping("/api/v1/me/cross-border")
  @Operation(summary = "Send abroad at a quote {quoteId, recipient: {holderName, accountNumber, "
      + "bankCode, country}}; needs Idempotency-Key")
  ResponseEntity<TransactionJson> crossBorder(@AuthenticationPrincipal CurrentUser user,
      @RequestHeader(value = KEY, required = false) String key, @RequestBody MoneyBody body) {
    return execute(user, key, () -> PaymentBodies.request("cross-border", body), body);
  }

  /**
   * Completed: 201 (200 on a replay); still going or held: 202 with advice and Retry-After (also
   * on the replay of a transaction a stopped process left open); refused by the rail: the
   * failure's problem with the transaction.
   */
  private ResponseEntity<TransactionJson> execute(CurrentUser user, String key,
      Supplier<PaymentRequest> read, MoneyBody body) {
    PaymentRequest request = read(read);
    Executed done;
    try {
      done = payments.execute(user, key, request, body.secondFactorCode());
    } catch (OkPayException refused) {
      throw withNextSteps(refused, request.operationKey());
    }
    TransactionView view = done.transaction();
    if (view.state() == TransactionState.FAILED) {
      Map<String, Object> properties = new LinkedHashMap<>();
      properties.put("transactionId", view.id().toString());
      properties.put("transaction", view);
      properties.put("actions", NextSteps.codes(view.failure(), request.operationKey(), true));
      properties.put("reassurance", new DefaultMessageSourceResolvable(
          new String[] {NextSteps.reassuranceKey(view)}, null, null));
      throw new OkPayException(view.failure(), properties);
    }
    HttpStatus status = view.state() == TransactionState.COMPLETED
        ? (done.replayed() ? HttpStatus.OK : HttpStatus.CREATED) : HttpStatus.ACCEPTED;
    TransactionJson answer = json(view);
    ResponseEntity.BodyBuilder response = ResponseEntity.status(status)
        .header("Idempotent-Replayed", String.valueOf(done.replayed()));
    if (answer.retryAfterSeconds() != null) {
      response.header(HttpHeaders.RETRY_AFTER, answer.retryAfterSeconds().toString());
    }
    return response.body(answer);
  }

  private Preview preview(CurrentUser user, Supplier<PaymentRequest> read) {
    PaymentRequest request = read(read);
    try {
      return payments.preview(user, request);
    } catch (OkPayException refused) {
      throw withNextSteps(refused, request.operationKey());
    }
  }

  /** The body as a request; a body that cannot be one is refused with its next steps too. */
  private static PaymentRequest read(Supplier<PaymentRequest> read) {
    try {
      return read.get();
    } catch (OkPayException refused) {
      throw withNextSteps(refused, null);
    }
  }

  /**
   * The same refusal with what the user can do next ({@code actions}, see {@link NextSteps});
   * a code without next steps is answered as it is.
   */
  private static OkPayException withNextSteps(OkPayException refused, String operationKey) {
    List<String> actions = NextSteps.codes(refused.errorCode(), operationKey, false);
    if (actions.isEmpty()) {
      return refused;
    }
    Map<String, Object> properties = new LinkedHashMap<>(refused.properties());
    properties.put("actions", actions);
    return new OkPayException(refused.errorCode(), properties, refused.messageArgs());
  }

  @GetMapping("/api/v1/me/transactions")
  @Operation(summary = "Your transactions, newest first, filtered, with a cursor")
  @HistoryParameters
  TransactionPage history(@AuthenticationPrincipal CurrentUser user,
      @Parameter(hidden = true) @RequestParam Map<String, String> query) {
    return payments.history(user.userId(), PaymentBodies.filter(query, user.zone()),
        query.get("cursor"),
        PaymentBodies.intParam(query.get("limit"), 20));
  }

  @GetMapping(value = "/api/v1/me/transactions.csv", produces = "text/csv")
  @Operation(summary = "Your transactions as CSV, with the same filters")
  @HistoryParameters
  ResponseEntity<StreamingResponseBody> csv(@AuthenticationPrincipal CurrentUser user,
      @Parameter(hidden = true) @RequestParam Map<String, String> query) {
    return csv(user, PaymentBodies.filter(query, user.zone()), "okpay-transactions.csv");
  }

  /** The filtered history as a streamed CSV attachment named {@code filename}. */
  private ResponseEntity<StreamingResponseBody> csv(CurrentUser user, HistoryFilter filter,
      String filename) {
    StreamingResponseBody body = out -> {
      Writer writer = new OutputStreamWriter(out, StandardCharsets.UTF_8);
      payments.exportCsv(user.userId(), filter, user.zone(), writer);
      writer.flush();
    };
    return ResponseEntity.ok().contentType(new MediaType("text", "csv", StandardCharsets.UTF_8))
        .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"" + filename + "\"")
        .body(body);
  }

  @GetMapping("/api/v1/me/transactions/{id}")
  @Operation(summary = "One transaction with its tracker: every step, the rail reference, the ETA")
  TransactionJson transaction(@AuthenticationPrincipal CurrentUser user, @PathVariable UUID id) {
    return json(payments.transaction(user.userId(), id).orElseThrow(() ->
        new OkPayException(ErrorCode.TRANSACTION_NOT_FOUND)));
  }

  @PostMapping("/api/v1/me/transactions/{id}/complaints")
  @Operation(summary = "My money has not arrived: recorded once the expected time has passed")
  ResponseEntity<Complaint> complain(@AuthenticationPrincipal CurrentUser user,
      @PathVariable UUID id, @RequestBody ComplaintBody body) {
    return ResponseEntity.status(HttpStatus.CREATED)
        .body(payments.fileComplaint(user.userId(), id, body.message()));
  }

  @GetMapping("/api/v1/me/statements/{month}")
  @Operation(summary = "A month's statement: opening and closing balances, in and out per "
      + "currency (summed over the whole month on every page), and one page of its lines, newest "
      + "first, with nextCursor; every line at once: the CSV")
  MonthlyStatement statement(@AuthenticationPrincipal CurrentUser user,
      @Parameter(description = "yyyy-MM, a UTC month") @PathVariable String month,
      @Parameter(description = "nextCursor of the last page; unreadable: validation_failed "
          + "(cursor)") @RequestParam(required = false) String cursor,
      @Parameter(description = "Lines per page, 1 to " + PaymentsApi.STATEMENT_PAGE_MAX
          + " (default " + PaymentsApi.STATEMENT_PAGE + ")")
      @RequestParam(required = false) String limit) {
    return payments.statement(user.userId(), month(month), cursor,
        PaymentBodies.intParam(limit, PaymentsApi.STATEMENT_PAGE));
  }

  @GetMapping(value = "/api/v1/me/statements/{month}.csv", produces = "text/csv")
  @Operation(summary = "Every line of a month's statement as CSV, streamed (the history's CSV "
      + "with the month as its dates)")
  ResponseEntity<StreamingResponseBody> statementCsv(@AuthenticationPrincipal CurrentUser user,
      @Parameter(description = "yyyy-MM, a UTC month") @PathVariable String month) {
    YearMonth asked = month(month);
    return csv(user, HistoryFilter.month(asked), "okpay-statement-" + asked + ".csv");
  }

  private static YearMonth month(String month) {
    try {
      return YearMonth.parse(month);
    } catch (DateTimeParseException e) {
      throw PaymentBodies.invalid("month", "format");
    }
  }

  /**
   * The history's filters in the OpenAPI document; read by {@code HistoryFilters}, the same
   * reader as the history page's.
   */
  @Target(ElementType.METHOD)
  @Retention(RetentionPolicy.RUNTIME)
  @Parameter(name = "from", in = ParameterIn.QUERY, description = "A date yyyy-MM-dd (from the "
      + "start of that UTC day) or an instant such as 2026-03-10T08:00:00Z; included")
  @Parameter(name = "to", in = ParameterIn.QUERY, description = "A date yyyy-MM-dd is the last "
      + "day included (up to the end of that UTC day); an instant such as 2026-03-11T00:00:00Z is "
      + "the first moment excluded. Ending before or at from: validation_failed (before_from)")
  @Parameter(name = "type", in = ParameterIn.QUERY, description = "An operation key, e.g. p2p")
  @Parameter(name = "status", in = ParameterIn.QUERY, description = "A state, e.g. completed")
  @Parameter(name = "currency", in = ParameterIn.QUERY, description = "ISO 4217 code; matches "
      + "either side of a conversion")
  @Parameter(name = "counterparty", in = ParameterIn.QUERY, description = "Text in the "
      + "counterparty, at most 100 characters")
  @Parameter(name = "q", in = ParameterIn.QUERY, description = "Text in the counterparty, the "
      + "note or the rail reference, at most 100 characters")
  @Parameter(name = "cursor", in = ParameterIn.QUERY, description = "nextCursor of the last page")
  @Parameter(name = "limit", in = ParameterIn.QUERY, description = "Rows per page")
  @interface HistoryParameters {
  }

  private TransactionJson json(TransactionView view) {
    String reassurance = view.incoming() ? null : NextSteps.reassuranceKey(view);
    return new TransactionJson(view, advice(view), retry.seconds(view),
        NextSteps.of(view).stream().map(NextSteps.Action::code).toList(),
        reassurance == null ? null
            : messages.getMessage(reassurance, null, LocaleContextHolder.getLocale()));
  }

  private String advice(TransactionView view) {
    Locale locale = LocaleContextHolder.getLocale();
    return switch (view.state()) {
      case PROCESSING, PENDING, CREATED -> messages.getMessage("payments.advice.processing", null,
          locale);
      case ON_HOLD -> messages.getMessage("payments.advice.on_hold", null, locale);
      case FAILED, REVERSED -> view.failure() == null ? null
          : messages.getMessage(view.failure().messageKey(), null, locale);
      case COMPLETED -> null;
    };
  }
}
