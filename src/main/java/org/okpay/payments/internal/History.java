package org.okpay.payments.internal;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import org.okpay.payments.PaymentTransaction;
import org.okpay.payments.PaymentsApi.HistoryFilter;
import org.okpay.shared.FieldErrors;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The user's transactions, made or received, newest first, filtered; keyset pagination on
 * (created_at, id) so a page costs the same however far back it is.
 */
@Component
class History {

  static final int TEXT_LENGTH_MAX = 100;

  private final JdbcClient jdbc;
  private final TransactionStore store;

  History(JdbcClient jdbc, TransactionStore store) {
    this.jdbc = jdbc;
    this.store = store;
  }

  /** Up to {@code limit} rows after the cursor, plus one more to tell whether there is a next. */
  List<PaymentTransaction> page(UUID userId, HistoryFilter filter, String cursor, int limit) {
    Cursor after = cursor == null || cursor.isBlank() ? null : Cursor.decode(cursor);
    return jdbc.sql("select " + TransactionStore.COLUMNS + """
         from payments.transactions
        where (user_id = :user or counterparty_user_id = :user)
          and (cast(:from as timestamptz) is null or created_at >= :from)
          and (cast(:to as timestamptz) is null or created_at < :to)
          and (cast(:op as text) is null or operation = :op)
          and (cast(:state as text) is null or state = :state)
          and (cast(:currency as text) is null or currency = :currency
               or target_currency = :currency)
          and (cast(:counterparty as text) is null or counterparty ilike :counterparty)
          and (cast(:text as text) is null or counterparty ilike :text or note ilike :text
               or rail_reference ilike :text)
          and (cast(:afterAt as timestamptz) is null or (created_at, id) < (:afterAt, :afterId))
        order by created_at desc, id desc
        limit :limit
        """)
        .param("user", userId)
        .param("from", TransactionStore.ts(filter.from()))
        .param("to", TransactionStore.ts(filter.to()))
        .param("op", filter.operation() == null ? null : filter.operation().key())
        .param("state", filter.state() == null ? null : filter.state().key())
        .param("currency", filter.currency() == null ? null
            : filter.currency().getCurrencyCode())
        .param("counterparty", pattern(filter.counterparty(), "counterparty"))
        .param("text", pattern(filter.text(), "text"))
        .param("afterAt", after == null ? null : TransactionStore.ts(after.at()))
        .param("afterId", after == null ? UUID.randomUUID() : after.id())
        .param("limit", limit + 1)
        .query(store::row).list();
  }

  static String cursorAfter(PaymentTransaction last) {
    return new Cursor(last.createdAt(), last.id()).encode();
  }

  /** An ILIKE pattern matching the text anywhere, with the user's % and _ taken literally. */
  private static String pattern(String text, String field) {
    if (text == null || text.isBlank()) {
      return null;
    }
    if (text.length() > TEXT_LENGTH_MAX) {
      throw FieldErrors.invalid(field, FieldErrors.TOO_LONG);
    }
    return "%" + text.strip().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        + "%";
  }

  record Cursor(Instant at, UUID id) {

    String encode() {
      return Base64.getUrlEncoder().withoutPadding().encodeToString(
          (at.toString() + "|" + id).getBytes(StandardCharsets.UTF_8));
    }

    static Cursor decode(String cursor) {
      try {
        String[] parts = new String(Base64.getUrlDecoder().decode(cursor),
            StandardCharsets.UTF_8).split("\\|", 2);
        return new Cursor(Instant.parse(parts[0]), UUID.fromString(parts[1]));
      } catch (RuntimeException e) {
        throw FieldErrors.invalid("cursor", FieldErrors.FORMAT);
      }
    }
  }
}
