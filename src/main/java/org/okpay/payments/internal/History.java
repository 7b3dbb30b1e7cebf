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
  /**
   * The text {@code q} searches: counterparty, note and rail reference in one string, the
   * expression the trigram index {@code transactions_search} is built on (V40). The fields are
   * joined by a line feed, which a search text never holds (see {@link #pattern}), so a match
   * never spans two fields.
   */
  static final String SEARCHED = "(counterparty || E'\\n' || coalesce(note, '') || E'\\n'"
      + " || coalesce(rail_reference, ''))";

  private final JdbcClient jdbc;
  private final TransactionStore store;

  History(JdbcClient jdbc, TransactionStore store) {
    this.jdbc = jdbc;
    this.store = store;
  }

  /**
   * Up to {@code limit} rows after the cursor, plus one more to tell whether there is a next.
   *
   * <p>Two branches, one per side the user is on, each walking its own index
   * ({@code transactions_by_user}, {@code transactions_by_counterparty}: (user, created_at, id)
   * backwards from the cursor) and stopping after {@code limit + 1} matches; the outer query
   * merges the two short lists. One condition {@code user_id = :user or counterparty_user_id =
   * :user} would instead read and sort every row the user has before the first page. Only the
   * filters given are written into the SQL, so each set of filters has its own plan instead of a
   * generic one with {@code :x is null or ...} in it. The received branch leaves out rows the
   * user made too (a payment to oneself is listed once).
   */
  List<PaymentTransaction> page(UUID userId, HistoryFilter filter, String cursor, int limit) {
    Cursor after = cursor == null || cursor.isBlank() ? null : Cursor.decode(cursor);
    StringBuilder where = new StringBuilder();
    if (filter.from() != null) {
      where.append(" and created_at >= :from");
    }
    if (filter.to() != null) {
      where.append(" and created_at < :to");
    }
    if (filter.operation() != null) {
      where.append(" and operation = :op");
    }
    if (filter.state() != null) {
      where.append(" and state = :state");
    }
    if (filter.currency() != null) {
      where.append(" and (currency = :currency or target_currency = :currency)");
    }
    String counterparty = pattern(filter.counterparty(), "counterparty");
    if (counterparty != null) {
      where.append(" and counterparty ilike :counterparty");
    }
    String text = pattern(filter.text(), "text");
    if (text != null) {
      where.append(" and " + SEARCHED + " ilike :text");
    }
    if (after != null) {
      where.append(" and (created_at, id) < (:afterAt, :afterId)");
    }
    String branch = " from payments.transactions where %s" + where
        + " order by created_at desc, id desc limit :limit";
    JdbcClient.StatementSpec sql = jdbc.sql("select " + TransactionStore.COLUMNS
            + " from ((select " + TransactionStore.COLUMNS + branch.formatted("user_id = :user")
            + ") union all (select " + TransactionStore.COLUMNS
            + branch.formatted("counterparty_user_id = :user and user_id <> :user")
            + ")) t order by created_at desc, id desc limit :limit")
        .param("user", userId).param("limit", limit + 1);
    if (filter.from() != null) {
      sql = sql.param("from", TransactionStore.ts(filter.from()));
    }
    if (filter.to() != null) {
      sql = sql.param("to", TransactionStore.ts(filter.to()));
    }
    if (filter.operation() != null) {
      sql = sql.param("op", filter.operation().key());
    }
    if (filter.state() != null) {
      sql = sql.param("state", filter.state().key());
    }
    if (filter.currency() != null) {
      sql = sql.param("currency", filter.currency().getCurrencyCode());
    }
    if (counterparty != null) {
      sql = sql.param("counterparty", counterparty);
    }
    if (text != null) {
      sql = sql.param("text", text);
    }
    if (after != null) {
      sql = sql.param("afterAt", TransactionStore.ts(after.at())).param("afterId", after.id());
    }
    return sql.query(store::row).list();
  }

  static String cursorAfter(PaymentTransaction last) {
    return new Cursor(last.createdAt(), last.id()).encode();
  }

  /**
   * An ILIKE pattern matching the text anywhere, with the user's % and _ taken literally (and a
   * line feed read as a space: it separates the fields of {@link #SEARCHED}).
   */
  private static String pattern(String text, String field) {
    if (text == null || text.isBlank()) {
      return null;
    }
    if (text.length() > TEXT_LENGTH_MAX) {
      throw FieldErrors.invalid(field, FieldErrors.TOO_LONG);
    }
    return "%" + text.strip().replace('\n', ' ').replace("\\", "\\\\").replace("%", "\\%")
        .replace("_", "\\_") + "%";
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
