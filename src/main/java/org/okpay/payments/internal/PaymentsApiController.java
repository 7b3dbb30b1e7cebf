package org.okpay.payments.internal;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;
import java.util.Currency;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.okpay.identity.CurrentUser;
import org.okpay.payments.PaymentRail.BankAccountDetails;
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

  PaymentsApiController(PaymentsApi payments, MessageSource messages) {
    this.payments = payments;
    this.messages = messages;
  }

  /**
   * Every operation's fields; each operation reads the ones it needs. A payment to another user
   * names them by {@code recipientEmail} or {@code recipientPhone}.
   */
  record MoneyBody(UUID cardId, UUID bankAccountId, Long amountMinor, String currency,
      String recipientEmail, String recipientPhone, String note, UUID quoteId, RecipientBody recipient,
      String secondFactorCode) {
  }

  record RecipientBody(String holderName, String accountNumber, String bankCode,
      String country) {
  }

  record CurrencyBody(String currency) {
  }

  record ComplaintBody(String message) {
  }

  /** A transaction and, while it waits or after it failed, what the user should know. */
  record TransactionJson(@JsonUnwrapped TransactionView transaction, String advice) {
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
        .body(payments.openBalance(user.userId(), currency(body.currency(), "currency")));
  }

  @PostMapping("/api/v1/me/{operation:topups|withdrawals|transfers|conversions|cross-border}/preview")
  @Operation(summary = "Fee, total, limits left and rail state of an operation; moves nothing")
  Preview preview(@AuthenticationPrincipal CurrentUser user, @PathVariable String operation,
      @RequestBody MoneyBody body) {
    return payments.preview(user, request(operation, body));
  }

  @PostMapping("/api/v1/me/{operation:topups|withdrawals|transfers|conversions|cross-border}")
  @Operation(summary = "Top up, withdraw, send, convert or send abroad (needs Idempotency-Key)")
  ResponseEntity<TransactionJson> execute(@AuthenticationPrincipal CurrentUser user,
      @PathVariable String operation, @RequestHeader(value = KEY, required = false) String key,
      @RequestBody MoneyBody body) {
    Executed done = payments.execute(user, key, request(operation, body),
        body.secondFactorCode());
    TransactionView view = done.transaction();
    if (view.state() == TransactionState.FAILED) {
      throw new OkPayException(view.failure(), Map.of("transactionId", view.id().toString(),
          "transaction", view));
    }
    HttpStatus status = view.state() == TransactionState.COMPLETED
        ? (done.replayed() ? HttpStatus.OK : HttpStatus.CREATED) : HttpStatus.ACCEPTED;
    return ResponseEntity.status(status).header("Idempotent-Replayed",
        String.valueOf(done.replayed())).body(json(view));
  }

  @GetMapping("/api/v1/me/transactions")
  @Operation(summary = "Your transactions, newest first, filtered, with a cursor")
  TransactionPage history(@AuthenticationPrincipal CurrentUser user,
      @RequestParam Map<String, String> query) {
    return payments.history(user.userId(), filter(query), query.get("cursor"),
        intParam(query.get("limit"), 20));
  }

  @GetMapping(value = "/api/v1/me/transactions.csv", produces = "text/csv")
  @Operation(summary = "Your transactions as CSV, with the same filters")
  ResponseEntity<StreamingResponseBody> csv(@AuthenticationPrincipal CurrentUser user,
      @RequestParam Map<String, String> query) {
    HistoryFilter filter = filter(query);
    StreamingResponseBody body = out -> {
      Writer writer = new OutputStreamWriter(out, StandardCharsets.UTF_8);
      payments.exportCsv(user.userId(), filter, writer);
      writer.flush();
    };
    return ResponseEntity.ok().contentType(new MediaType("text", "csv", StandardCharsets.UTF_8))
        .header(HttpHeaders.CONTENT_DISPOSITION,
            "attachment; filename=\"okpay-transactions.csv\"").body(body);
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
  @Operation(summary = "A month's statement: opening and closing balances, in and out, the list")
  MonthlyStatement statement(@AuthenticationPrincipal CurrentUser user,
      @PathVariable String month) {
    try {
      return payments.statement(user.userId(), YearMonth.parse(month));
    } catch (DateTimeParseException e) {
      throw invalid("month", "format");
    }
  }

  private TransactionJson json(TransactionView view) {
    return new TransactionJson(view, advice(view));
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

  static PaymentRequest request(String operation, MoneyBody body) {
    return switch (operation) {
      case "topups" -> body.bankAccountId() != null
          ? new PaymentRequest.BankTopUp(body.bankAccountId(), amount(body))
          : new PaymentRequest.CardTopUp(body.cardId(), amount(body),
              currency(body.currency(), "currency"));
      case "withdrawals" -> new PaymentRequest.Withdrawal(body.bankAccountId(), amount(body));
      case "transfers" -> new PaymentRequest.Send(
          body.recipientEmail() != null ? body.recipientEmail() : body.recipientPhone(),
          amount(body),
          currency(body.currency(), "currency"), body.note());
      case "conversions" -> new PaymentRequest.Convert(body.quoteId());
      case "cross-border" -> new PaymentRequest.CrossBorder(body.quoteId(),
          body.recipient() == null ? null : new BankAccountDetails(body.recipient().holderName(),
              body.recipient().accountNumber(), body.recipient().bankCode(),
              body.recipient().country(), null));
      default -> throw new OkPayException(ErrorCode.ROUTE_NOT_FOUND);
    };
  }

  private static long amount(MoneyBody body) {
    if (body.amountMinor() == null) {
      throw invalid("amountMinor", "required");
    }
    return body.amountMinor();
  }

  static Currency currency(String code, String field) {
    if (code == null || !code.matches("[A-Z]{3}")) {
      throw new OkPayException(ErrorCode.CURRENCY_NOT_SUPPORTED, Map.of("field", field));
    }
    try {
      return Currency.getInstance(code);
    } catch (IllegalArgumentException e) {
      throw new OkPayException(ErrorCode.CURRENCY_NOT_SUPPORTED, Map.of("field", field));
    }
  }

  static HistoryFilter filter(Map<String, String> query) {
    return new HistoryFilter(instant(query.get("from"), "from"), instant(query.get("to"), "to"),
        blank(query.get("type")) ? null : operation(query.get("type")),
        blank(query.get("status")) ? null : state(query.get("status")),
        blank(query.get("currency")) ? null : currency(query.get("currency"), "currency"),
        query.get("counterparty"), query.get("q"));
  }

  private static org.okpay.payments.Operation operation(String key) {
    try {
      return org.okpay.payments.Operation.fromKey(key);
    } catch (IllegalArgumentException e) {
      throw invalid("type", "unknown");
    }
  }

  private static TransactionState state(String key) {
    try {
      return TransactionState.fromKey(key);
    } catch (IllegalArgumentException e) {
      throw invalid("status", "unknown");
    }
  }

  /** A date (the start of that UTC day) or an instant. */
  static Instant instant(String value, String field) {
    if (blank(value)) {
      return null;
    }
    try {
      return value.length() == 10 ? java.time.LocalDate.parse(value)
          .atStartOfDay(java.time.ZoneOffset.UTC).toInstant() : Instant.parse(value);
    } catch (DateTimeParseException e) {
      throw invalid(field, "format");
    }
  }

  private static int intParam(String value, int otherwise) {
    if (blank(value)) {
      return otherwise;
    }
    try {
      return Integer.parseInt(value);
    } catch (NumberFormatException e) {
      throw invalid("limit", "format");
    }
  }

  private static boolean blank(String value) {
    return value == null || value.isBlank();
  }

  static OkPayException invalid(String field, String reason) {
    return new OkPayException(ErrorCode.VALIDATION_FAILED, Map.of("errors", List.of(
        Map.of("field", field, "reason", reason))));
  }

}
