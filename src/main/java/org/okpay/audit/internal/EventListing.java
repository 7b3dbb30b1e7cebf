package org.okpay.audit.internal;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.regex.Pattern;
import org.okpay.audit.AuditEntry;
import org.okpay.audit.AuditPage;
import org.okpay.audit.AuditQuery;
import org.okpay.shared.FieldErrors;
import org.springframework.stereotype.Component;

/**
 * The newest-first listing with its filters, paged by an opaque cursor (the last row's time,
 * chain and seq, base64url) so a page never repeats or skips a row while appends go on.
 */
@Component
class EventListing {

  private static final Pattern CHAIN = Pattern.compile("[a-z][a-z0-9_]{0,39}");
  private static final int FILTER_MAX = 100;
  private static final int CURSOR_MAX = 200;

  private final EventStore store;

  EventListing(EventStore store) {
    this.store = store;
  }

  AuditPage page(AuditQuery query) {
    if (query.limit() < 1 || query.limit() > AuditQuery.LIMIT_MAX) {
      throw FieldErrors.invalid("limit", FieldErrors.OUT_OF_RANGE);
    }
    String chain = blankToNull(query.chain());
    if (chain != null && !CHAIN.matcher(chain).matches()) {
      throw FieldErrors.invalid("chain", FieldErrors.FORMAT);
    }
    if ((query.subjectId() != null && !query.subjectId().isBlank())
        && (query.subjectType() == null || query.subjectType().isBlank())) {
      throw FieldErrors.invalid("subjectType", FieldErrors.REQUIRED);
    }
    if (query.from() != null && query.to() != null && !query.to().isAfter(query.from())) {
      throw FieldErrors.invalid("to", FieldErrors.BEFORE_FROM);
    }
    EventStore.Filter filter = new EventStore.Filter(bounded("action", query.actionPrefix()),
        bounded("actorId", query.actorId()), bounded("subjectType", query.subjectType()),
        bounded("subjectId", query.subjectId()), query.from(), query.to(), chain);
    EventStore.Position after = decode(query.cursor());
    // One row more than asked tells whether there is a next page.
    List<AuditEntry> rows = store.page(filter, after, query.limit() + 1);
    if (rows.size() <= query.limit()) {
      return new AuditPage(rows, null);
    }
    List<AuditEntry> page = rows.subList(0, query.limit());
    AuditEntry last = page.getLast();
    return new AuditPage(page, encode(new EventStore.Position(last.at(), last.chain(), last.seq())));
  }

  static String encode(EventStore.Position p) {
    String raw = p.at().getEpochSecond() + ":" + p.at().getNano() + ":" + p.chain() + ":" + p.seq();
    return Base64.getUrlEncoder().withoutPadding()
        .encodeToString(raw.getBytes(StandardCharsets.UTF_8));
  }

  static EventStore.Position decode(String cursor) {
    if (cursor == null || cursor.isBlank()) {
      return null;
    }
    try {
      if (cursor.length() > CURSOR_MAX) {
        throw new IllegalArgumentException("too long");
      }
      String raw = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
      String[] parts = raw.split(":", -1);
      if (parts.length != 4 || !CHAIN.matcher(parts[2]).matches()) {
        throw new IllegalArgumentException("shape");
      }
      return new EventStore.Position(
          Instant.ofEpochSecond(Long.parseLong(parts[0]), Long.parseLong(parts[1])), parts[2],
          Long.parseLong(parts[3]));
    } catch (RuntimeException e) {
      throw FieldErrors.invalid("cursor", FieldErrors.FORMAT);
    }
  }

  private static String bounded(String field, String value) {
    String v = blankToNull(value);
    if (v != null && v.length() > FILTER_MAX) {
      throw FieldErrors.invalid(field, FieldErrors.TOO_LONG);
    }
    return v;
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value.strip();
  }
}
