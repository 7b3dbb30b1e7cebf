package org.okpay.payments.internal;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Currency;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.okpay.payments.Operation;
import org.okpay.payments.PaymentRail.BankAccountDetails;
import org.okpay.payments.PaymentRequest;
import org.okpay.payments.PaymentsApi.HistoryFilter;
import org.okpay.payments.TransactionState;
import org.okpay.shared.ErrorCode;
import org.okpay.shared.FieldErrors;
import org.okpay.shared.OkPayException;

/** The JSON bodies and query parameters of the payments API, read into requests and filters. */
final class PaymentBodies {

  private PaymentBodies() {
  }

  /**
   * Every operation's fields; each operation reads the ones it needs. A payment to another user
   * names them by {@code recipientEmail} or {@code recipientPhone}.
   */
  record MoneyBody(UUID cardId, UUID bankAccountId, Long amountMinor, String currency,
      String recipientEmail, String recipientPhone, String note, UUID quoteId,
      RecipientBody recipient, String secondFactorCode) {
  }

  record RecipientBody(String holderName, String accountNumber, String bankCode,
      String country) {
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

  private static Operation operation(String key) {
    try {
      return Operation.fromKey(key);
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
      return value.length() == 10 ? LocalDate.parse(value)
          .atStartOfDay(ZoneOffset.UTC).toInstant() : Instant.parse(value);
    } catch (DateTimeParseException e) {
      throw invalid(field, "format");
    }
  }

  static int intParam(String value, int otherwise) {
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
    return FieldErrors.invalid(field, reason);
  }
}
