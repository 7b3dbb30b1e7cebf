package org.okpay.web;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.StringJoiner;
import org.okpay.payments.HistoryFilters;
import org.okpay.payments.PaymentsApi.HistoryFilter;

/**
 * The history page's filters as typed in its form (and in the links it makes: "older", CSV),
 * read by {@link HistoryFilters}, the same reader as the API's query parameters: every field is
 * optional and means what it means there.
 *
 * @param from first day, yyyy-MM-dd (a day in the user's time zone), included
 * @param to last day, yyyy-MM-dd (a day in the user's time zone), included (the whole day)
 * @param type an {@link org.okpay.payments.Operation} key
 * @param status a {@link org.okpay.payments.TransactionState} key
 * @param q searched in the counterparty, the note and the rail reference
 */
public record HistoryQuery(String from, String to, String type, String status, String currency,
    String counterparty, String q) {

  /** The filter, a date meaning a day in {@code zone} (the user's). */
  HistoryFilter filter(java.time.ZoneId zone) {
    Map<String, String> fields = new HashMap<>();
    fields.put("from", from);
    fields.put("to", to);
    fields.put("type", type);
    fields.put("status", status);
    fields.put("currency", currency);
    fields.put("counterparty", counterparty);
    fields.put("q", q);
    return HistoryFilters.parse(fields, zone);
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
    if (value != null && !value.isBlank()) {
      query.add(name + "=" + URLEncoder.encode(value.strip(), StandardCharsets.UTF_8));
    }
  }
}
