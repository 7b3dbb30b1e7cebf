package org.okpay.audit.internal;

import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.okpay.audit.AuditEvent;

/**
 * The limits of one audit row and the cleaning that keeps an append from failing on what a
 * caller passes: text longer than its limit is cut (marked with "…"), a NUL or a lone surrogate
 * (which PostgreSQL text cannot hold) becomes U+FFFD. Only a malformed action or too many
 * details are refused, as programmer errors. The limits match the table's check constraints.
 */
final class Bounds {

  static final int ACTION_MAX = 80;
  static final int ACTOR_TYPE_MAX = 40;
  static final int ID_MAX = 100;
  static final int SUBJECT_TYPE_MAX = 40;
  static final int REASON_MAX = 1000;
  static final int DETAILS_MAX = 30;
  static final int DETAIL_KEY_MAX = 40;
  static final int DETAIL_VALUE_MAX = 500;

  /** {@code module.verb}: the module part names the chain. */
  static final Pattern ACTION = Pattern.compile("([a-z][a-z0-9_]{0,39})\\.[a-z0-9_.]{1,60}");

  private Bounds() {
  }

  /** The event as it will be stored, cleaned and bounded, with its chain and time. */
  static Canonical.Row row(AuditEvent event, long seq, java.time.Instant at) {
    var matcher = ACTION.matcher(event.action());
    if (event.action().length() > ACTION_MAX || !matcher.matches()) {
      throw new IllegalArgumentException("an audit action is module.verb in snake case: "
          + clean(event.action(), ACTION_MAX));
    }
    if (event.actorType().isBlank()) {
      throw new IllegalArgumentException("an audit event names its actor type");
    }
    if (event.details().size() > DETAILS_MAX) {
      throw new IllegalArgumentException("at most " + DETAILS_MAX + " audit details");
    }
    Map<String, String> details = new TreeMap<>();
    event.details().forEach((k, v) -> {
      if (k != null && v != null) {
        details.putIfAbsent(clean(k, DETAIL_KEY_MAX), clean(v, DETAIL_VALUE_MAX));
      }
    });
    return new Canonical.Row(matcher.group(1), seq, at, event.action(),
        clean(event.actorType(), ACTOR_TYPE_MAX), clean(event.actorId(), ID_MAX),
        clean(event.subjectType(), SUBJECT_TYPE_MAX), clean(event.subjectId(), ID_MAX),
        clean(event.reason(), REASON_MAX), Map.copyOf(details));
  }

  /** The chain an action belongs to: its module part. */
  static String chainOf(String action) {
    var matcher = ACTION.matcher(action);
    if (!matcher.matches()) {
      throw new IllegalArgumentException("an audit action is module.verb in snake case");
    }
    return matcher.group(1);
  }

  static String clean(String value, int max) {
    if (value == null) {
      return null;
    }
    StringBuilder out = new StringBuilder(Math.min(value.length(), max + 1));
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == 0) {
        out.append('\uFFFD');
      } else if (Character.isHighSurrogate(c) && i + 1 < value.length()
          && Character.isLowSurrogate(value.charAt(i + 1))) {
        out.append(c).append(value.charAt(++i));
      } else if (Character.isSurrogate(c)) {
        out.append('\uFFFD');
      } else {
        out.append(c);
      }
    }
    if (out.length() <= max) {
      return out.toString();
    }
    int cut = max - 1;
    if (Character.isHighSurrogate(out.charAt(cut - 1))) {
      cut--;
    }
    return out.substring(0, cut) + "…";
  }
}
