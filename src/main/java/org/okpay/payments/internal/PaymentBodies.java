package org.okpay.payments.internal;

import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.okpay.payments.HistoryFilters;
import org.okpay.payments.PaymentInputs;
import org.okpay.payments.PaymentInputs.Fields;
import org.okpay.payments.PaymentRequest;
import org.okpay.payments.PaymentsApi.HistoryFilter;
import org.okpay.shared.ErrorCode;
import org.okpay.shared.FieldErrors;
import org.okpay.shared.OkPayException;

/**
 * The JSON bodies and query parameters of the payments API, mapped onto the readers the money
 * pages share ({@link PaymentInputs}, {@link HistoryFilters}): only the shape is the API's.
 */
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
    Fields fields = fields(body);
    return switch (operation) {
      // A bank top-up's amount is in minor units already: no bank currency is needed to read it.
      case "topups" -> PaymentInputs.topUp(fields, id -> Optional.empty());
      case "withdrawals" -> PaymentInputs.withdrawal(fields, id -> Optional.empty());
      case "transfers" -> PaymentInputs.send(fields);
      case "conversions" -> PaymentInputs.conversion(fields);
      case "cross-border" -> PaymentInputs.crossBorder(fields);
      default -> throw new OkPayException(ErrorCode.ROUTE_NOT_FOUND);
    };
  }

  private static Fields fields(MoneyBody body) {
    RecipientBody r = body.recipient();
    return new Fields(text(body.cardId()), text(body.bankAccountId()),
        // Absent is "required", never a decimal: the API's amount is only ever minor units.
        body.amountMinor() == null ? "" : body.amountMinor().toString(), null, body.currency(),
        body.recipientEmail() != null ? body.recipientEmail() : body.recipientPhone(),
        body.note(), text(body.quoteId()), r == null ? null
            : new PaymentInputs.Bank(r.holderName(), r.accountNumber(), r.bankCode(),
                r.country(), null));
  }

  private static String text(UUID id) {
    return id == null ? null : id.toString();
  }

  /** The history's filters, a date meaning a day in the user's time zone. */
  static HistoryFilter filter(Map<String, String> query, java.time.ZoneId zone) {
    return HistoryFilters.parse(query, zone);
  }

  static int intParam(String value, int otherwise) {
    if (value == null || value.isBlank()) {
      return otherwise;
    }
    try {
      return Integer.parseInt(value.strip());
    } catch (NumberFormatException e) {
      throw invalid("limit", "format");
    }
  }

  static OkPayException invalid(String field, String reason) {
    return PaymentInputs.invalid(field, reason);
  }
}
