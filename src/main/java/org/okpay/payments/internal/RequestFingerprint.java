package org.okpay.payments.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Currency;
import java.util.Map;
import java.util.TreeMap;
import org.okpay.payments.PaymentRequest;

/**
 * The idempotency fingerprint of a request, stored with its transaction: the same key with a
 * different fingerprint is {@code idempotency_key_reused}. Version 1 is the SHA-256 of an explicit
 * canonical text (see docs/payments.md), so it stays the same across deploys that rename or
 * reorder a request record's components:
 *
 * <pre>
 * okpay-request-fingerprint v1
 * operation=p2p
 * amountMinor=1000          one line per field given, sorted by name, null fields left out;
 * currency=USD              numbers in decimal, currencies as ISO codes, ids in lower case,
 * recipient=bob@example.com text with \ and line breaks escaped as \\ \n \r
 * </pre>
 *
 * <p>Stored as {@code v1:<64 hex digits>}. Rows written before version 1 hold the bare SHA-256 of
 * the record's {@code toString()}; {@link #matches} compares those the old way.
 */
final class RequestFingerprint {

  static final String VERSION = "v1";
  private static final String PREFIX = VERSION + ":";
  private static final String HEADER = "okpay-request-fingerprint " + VERSION + "\n";

  private RequestFingerprint() {
  }

  /** The current fingerprint, as stored with a new transaction. */
  static String of(PaymentRequest request) {
    return PREFIX + sha256Hex(canonical(request));
  }

  /** Whether a stored fingerprint, current or legacy, is that of this request. */
  static boolean matches(String stored, PaymentRequest request) {
    if (stored.startsWith(PREFIX)) {
      return stored.equals(of(request));
    }
    return stored.equals(legacy(request));
  }

  static String canonical(PaymentRequest request) {
    StringBuilder text = new StringBuilder(HEADER);
    text.append("operation=").append(escape(request.operationKey())).append('\n');
    Map<String, Object> sorted = new TreeMap<>(request.fingerprintFields());
    for (Map.Entry<String, Object> field : sorted.entrySet()) {
      if (field.getValue() == null) {
        continue;
      }
      text.append(field.getKey()).append('=').append(escape(value(field.getValue())))
          .append('\n');
    }
    return text.toString();
  }

  private static String value(Object value) {
    if (value instanceof Currency currency) {
      return currency.getCurrencyCode();
    }
    return value.toString();
  }

  private static String escape(String text) {
    return text.replace("\\", "\\\\").replace("\n", "\\n").replace("\r", "\\r");
  }

  /** Before version 1: the record printed every component, named and in order. */
  static String legacy(PaymentRequest request) {
    return sha256Hex(request.toString());
  }

  private static String sha256Hex(String text) {
    try {
      return java.util.HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
          .digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
