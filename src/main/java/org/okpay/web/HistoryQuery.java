package org.okpay.web;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Currency;
import java.util.Locale;
import java.util.StringJoiner;
import org.okpay.payments.Operation;
import org.okpay.payments.PaymentsApi.HistoryFilter;
import org.okpay.payments.TransactionState;

/**
 * The history page's filters as typed in its form (and in the links it makes: "older", CSV).
 * Every field is optional; a value the form cannot produce is a {@code validation_failed}.
 *
 * @param from first day, yyyy-MM-dd (UTC)
 * @param to last day, yyyy-MM-dd, included
 * @param type an {@link Operation} key
 * @param status a {@link TransactionState} key
 * @param q searched in the counterparty, the note and the rail reference
 */
public record HistoryQuery(String from, String to, String type, String status, String currency,
    String counterparty, String q) {

  private static final int TEXT_LENGTH_MAX = 100;

  HistoryFilter filter() {
    return new HistoryFilter(day(from, "fromDate", 0), day(to, "toDate", 1), operation(), state(),
        currencyFilter(), text(counterparty, "counterparty"), text(q, "q"));
  }

  /** The filters as a query string for links, without the cursor; empty when none is set. */
  public String query() {
    StringJoiner query = new StringJoiner("&");
    add(query, "from", from);
    add(query, "to", to);
    add(query, "type", type);
    add(query, "status", status);
    add(query, "currency", currency);
    add(query, "counterparty", counterparty);
    add(query, "q", q);
    return query.toString();
  }

  /** URLEncoder, not a URI builder: a "+" in an e-mail address must stay a plus. */
  private static void add(StringJoiner query, String name, String value) {
    if (!blank(value)) {
      query.add(name + "=" + URLEncoder.encode(value.strip(), StandardCharsets.UTF_8));
    }
  }

  /** The start of the day, or of the next one for the last day, so that day is included. */
  private static Instant day(String text, String field, int plusDays) {
    if (blank(text)) {
      return null;
    }
    try {
      return LocalDate.parse(text.strip()).plusDays(plusDays).atStartOfDay(ZoneOffset.UTC)
          .toInstant();
    } catch (DateTimeParseException notADay) {
      throw PaymentRequests.invalid(field);
    }
  }

  private Operation operation() {
    if (blank(type)) {
      return null;
    }
    return Arrays.stream(Operation.values()).filter(o -> o.key().equals(type.strip()))
        .findFirst().orElseThrow(() -> PaymentRequests.invalid("type"));
  }

  private TransactionState state() {
    if (blank(status)) {
      return null;
    }
    return Arrays.stream(TransactionState.values()).filter(s -> s.key().equals(status.strip()))
        .findFirst().orElseThrow(() -> PaymentRequests.invalid("status"));
  }

  private Currency currencyFilter() {
    if (blank(currency)) {
      return null;
    }
    try {
      return Currency.getInstance(currency.strip().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException unknown) {
      throw PaymentRequests.invalid("currency");
    }
  }

  private static String text(String value, String field) {
    if (blank(value)) {
      return null;
    }
    if (value.strip().length() > TEXT_LENGTH_MAX) {
      throw PaymentRequests.invalid(field);
    }
    return value.strip();
  }

  private static boolean blank(String value) {
    return value == null || value.isBlank();
  }
}
