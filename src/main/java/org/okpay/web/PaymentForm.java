package org.okpay.web;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * What the money forms send, as typed: every operation's fields in one place, so the review page
 * can carry them to the confirmation in hidden fields. Each is null when the form has no such
 * field. Amounts stay text here, in major units ("12.50"); {@link PaymentRequests} reads them.
 *
 * @param source top-up: "card:{id}" or "bank:{id}"
 * @param side abroad: "send" (the amount is what leaves the balance) or "receive" (what arrives)
 * @param quoteId set by the review step of a conversion or a transfer abroad
 * @param idempotencyKey set by the review step; the confirmation sends it, so a double click or a
 *     browser retry is one payment
 * @param code the two-factor code, when the review asks for it; never carried further
 */
public record PaymentForm(String source, String amount, String currency, String recipient,
    String note, String bankAccountId, String from, String to, String side, String holder,
    String account, String bankCode, String country, String quoteId, String idempotencyKey,
    String code) {

  static PaymentForm empty() {
    return new PaymentForm(null, null, null, null, null, null, null, null, "send", null, null,
        null, null, null, null, null);
  }

  /** A form kept in a draft ({@link #hidden()}'s fields), e.g. to show its review again. */
  static PaymentForm of(Map<String, String> fields) {
    return new PaymentForm(fields.get("source"), fields.get("amount"), fields.get("currency"),
        fields.get("recipient"), fields.get("note"), fields.get("bankAccountId"),
        fields.get("from"), fields.get("to"), fields.getOrDefault("side", "send"),
        fields.get("holder"), fields.get("account"), fields.get("bankCode"),
        fields.get("country"), fields.get("quoteId"), fields.get("idempotencyKey"), null);
  }

  PaymentForm withRecipient(String newRecipient) {
    return new PaymentForm(source, amount, currency, newRecipient, note, bankAccountId, from, to,
        side, holder, account, bankCode, country, quoteId, idempotencyKey, null);
  }

  PaymentForm withCurrency(String newCurrency) {
    return new PaymentForm(source, amount, newCurrency, recipient, note, bankAccountId,
        newCurrency, to, side, holder, account, bankCode, country, quoteId, idempotencyKey, null);
  }

  /** The same request reviewed afresh: its quote (if any) and a new idempotency key. */
  PaymentForm reviewed(UUID newQuoteId) {
    return new PaymentForm(source, amount, currency, recipient, note, bankAccountId, from, to,
        side, holder, account, bankCode, country,
        newQuoteId == null ? null : newQuoteId.toString(), UUID.randomUUID().toString(), null);
  }

  /** Back to the form for a change: the review's quote and key no longer apply. */
  PaymentForm forEditing() {
    return new PaymentForm(source, amount, currency, recipient, note, bankAccountId, from, to,
        side, holder, account, bankCode, country, null, null, null);
  }

  /** The fields the review page carries to the confirmation (never the two-factor code). */
  public Map<String, String> hidden() {
    Map<String, String> fields = new LinkedHashMap<>();
    put(fields, "source", source);
    put(fields, "amount", amount);
    put(fields, "currency", currency);
    put(fields, "recipient", recipient);
    put(fields, "note", note);
    put(fields, "bankAccountId", bankAccountId);
    put(fields, "from", from);
    put(fields, "to", to);
    put(fields, "side", side);
    put(fields, "holder", holder);
    put(fields, "account", account);
    put(fields, "bankCode", bankCode);
    put(fields, "country", country);
    put(fields, "quoteId", quoteId);
    put(fields, "idempotencyKey", idempotencyKey);
    return fields;
  }

  private static void put(Map<String, String> fields, String name, String value) {
    if (value != null && !value.isBlank()) {
      fields.put(name, value);
    }
  }
}
