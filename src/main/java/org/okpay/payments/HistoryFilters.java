package org.okpay.payments;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Currency;
import java.util.Map;
import org.okpay.payments.PaymentsApi.HistoryFilter;
import org.okpay.shared.ErrorCode;
import org.okpay.shared.OkPayException;

/**
 * The one reader of the history's filters, shared by the API's query parameters and the history
 * page's form (and the links it makes), so a filter means the same everywhere. Every field is
 * optional.
 *
 * <ul>
 *   <li>{@code from}: a date {@code yyyy-MM-dd} (from the start of that day) or an instant
 *       ({@code 2026-03-10T08:00:00Z}), included.
 *   <li>{@code to}: a date is the <em>last day included</em> (up to the end of that day); an
 *       instant is the first moment <em>excluded</em>. Days are the user's days: they start at
 *       midnight in the user's time zone (UTC where none is given).
 *   <li>{@code type}: an {@link Operation} key; {@code status}: a {@link TransactionState} key;
 *       {@code currency}: an ISO 4217 code, of either side of a conversion.
 *   <li>{@code counterparty}, {@code q}: text searched (at most 100 characters).
 * </ul>
 * Errors are {@code validation_failed} naming the parameter ({@code format}, {@code unknown},
 * {@code too_long}, {@code before_from} when the range ends before it starts or where it
 * starts), or {@code currency_not_supported}, built by {@link PaymentInputs#refusal}.
 */
public final class HistoryFilters {

  public static final int TEXT_LENGTH_MAX = 100;
  private static final int DATE_LENGTH = "yyyy-MM-dd".length();

  private HistoryFilters() {
  }

  /** The filter of the parameters named above, days in UTC; other keys are ignored. */
  public static HistoryFilter parse(Map<String, String> query) {
    return parse(query, ZoneOffset.UTC);
  }

  /**
   * The filter of the parameters named above, a date being a day in {@code zone} (the user's);
   * other keys (cursor, limit) are ignored.
   */
  public static HistoryFilter parse(Map<String, String> query, ZoneId zone) {
    Instant from = instant(query.get("from"), "from", false, zone);
    Instant to = instant(query.get("to"), "to", true, zone);
    // The end is exclusive by then, so an end at the start is an empty range: a mistake too.
    if (from != null && to != null && !to.isAfter(from)) {
      throw invalid("to", "before_from");
    }
    return new HistoryFilter(from, to, operation(query.get("type")), state(query.get("status")),
        currency(query.get("currency")), text(query.get("counterparty"), "counterparty"),
        text(query.get("q"), "q"));
  }

  /**
   * A date is a whole day in the zone: its start for {@code from}, the next day's start for
   * {@code to} (atStartOfDay, so a day that starts or ends at a DST change is still whole).
   */
  private static Instant instant(String value, String field, boolean endOfRange, ZoneId zone) {
    if (PaymentInputs.blank(value)) {
      return null;
    }
    String typed = value.strip();
    try {
      if (typed.length() == DATE_LENGTH) {
        LocalDate day = LocalDate.parse(typed);
        return (endOfRange ? day.plusDays(1) : day).atStartOfDay(zone).toInstant();
      }
      return Instant.parse(typed);
    } catch (DateTimeParseException notADate) {
      throw invalid(field, "format");
    }
  }

  private static Operation operation(String key) {
    if (PaymentInputs.blank(key)) {
      return null;
    }
    return Arrays.stream(Operation.values())
        .filter(o -> o.key().equalsIgnoreCase(key.strip())).findFirst()
        .orElseThrow(() -> invalid("type", "unknown"));
  }

  private static TransactionState state(String key) {
    if (PaymentInputs.blank(key)) {
      return null;
    }
    return Arrays.stream(TransactionState.values())
        .filter(s -> s.key().equalsIgnoreCase(key.strip())).findFirst()
        .orElseThrow(() -> invalid("status", "unknown"));
  }

  private static Currency currency(String code) {
    return PaymentInputs.blank(code) ? null : PaymentInputs.currency(code, "currency");
  }

  private static String text(String value, String field) {
    if (PaymentInputs.blank(value)) {
      return null;
    }
    if (value.strip().length() > TEXT_LENGTH_MAX) {
      throw invalid(field, "too_long");
    }
    return value.strip();
  }

  private static OkPayException invalid(String field, String code) {
    return PaymentInputs.refusal(ErrorCode.VALIDATION_FAILED, "history", field, code);
  }
}
