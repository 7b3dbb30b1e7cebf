package org.okpay.payments.internal.fx;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Currency;
import java.util.Optional;
import java.util.UUID;
import org.okpay.payments.FxApi.Quote;
import org.okpay.payments.Operation;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** FX quotes in {@code payments.fx_quotes}; every read and write is scoped to the user. */
@Component
class QuoteStore {

  /** Which amount the user gave, kept so that a fresh quote after expiry keeps it. */
  enum FixedSide { SOURCE, TARGET }

  /** A quote as stored, with what only OKPay needs to know. */
  record StoredQuote(Quote quote, UUID userId, FixedSide fixedSide, UUID usedBy) {
  }

  private static final String COLUMNS = """
      id, user_id, operation, source_currency, target_currency, fixed_side, source_amount_minor,
      fee_minor, target_amount_minor, rate, created_at, expires_at, used_by
      """;

  private final JdbcClient jdbc;

  QuoteStore(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  void insert(StoredQuote stored) {
    Quote q = stored.quote();
    int rows = jdbc.sql("""
        insert into payments.fx_quotes (id, user_id, operation, source_currency, target_currency,
               fixed_side, source_amount_minor, fee_minor, target_amount_minor, rate, created_at,
               expires_at)
        values (:id, :userId, :operation, :source, :target, :fixedSide, :sourceMinor, :feeMinor,
               :targetMinor, :rate, :createdAt, :expiresAt)
        """).param("id", q.id()).param("userId", stored.userId())
        .param("operation", q.operation().key()).param("source", q.source().getCurrencyCode())
        .param("target", q.target().getCurrencyCode())
        .param("fixedSide", stored.fixedSide().name().toLowerCase(java.util.Locale.ROOT))
        .param("sourceMinor", q.sourceAmountMinor()).param("feeMinor", q.feeMinor())
        .param("targetMinor", q.targetAmountMinor()).param("rate", q.rate())
        .param("createdAt", utc(q.createdAt())).param("expiresAt", utc(q.expiresAt()))
        .update();
    if (rows != 1) {
      throw new IllegalStateException("quote not stored: " + q.id());
    }
  }

  Optional<StoredQuote> find(UUID userId, UUID quoteId) {
    return jdbc.sql("select " + COLUMNS + " from payments.fx_quotes"
            + " where id = :id and user_id = :userId")
        .param("id", quoteId).param("userId", userId).query(QuoteStore::row).optional();
  }

  /**
   * Marks an unused, unexpired quote of this user and operation as used by {@code usedBy}, in
   * one statement: two transactions racing for one quote are serialized by its row lock, and
   * the second finds it used. Empty when nothing was marked; the caller then looks why.
   */
  Optional<StoredQuote> markUsed(UUID userId, UUID quoteId, Operation operation, UUID usedBy,
      Instant now) {
    return jdbc.sql("update payments.fx_quotes set used_at = :now, used_by = :usedBy"
            + " where id = :id and user_id = :userId and operation = :operation"
            + " and used_by is null and expires_at > :now returning " + COLUMNS)
        .param("now", utc(now)).param("usedBy", usedBy).param("id", quoteId)
        .param("userId", userId).param("operation", operation.key())
        .query(QuoteStore::row).optional();
  }

  private static StoredQuote row(ResultSet rs, int n) throws SQLException {
    Quote quote = new Quote(rs.getObject("id", UUID.class),
        Operation.fromKey(rs.getString("operation")),
        Currency.getInstance(rs.getString("source_currency")),
        Currency.getInstance(rs.getString("target_currency")),
        rs.getLong("source_amount_minor"), rs.getLong("fee_minor"),
        rs.getBigDecimal("rate").stripTrailingZeros(), rs.getLong("target_amount_minor"),
        instant(rs, "created_at"), instant(rs, "expires_at"));
    return new StoredQuote(quote, rs.getObject("user_id", UUID.class),
        FixedSide.valueOf(rs.getString("fixed_side").toUpperCase(java.util.Locale.ROOT)),
        rs.getObject("used_by", UUID.class));
  }

  private static Instant instant(ResultSet rs, String column) throws SQLException {
    return rs.getObject(column, OffsetDateTime.class).toInstant();
  }

  private static OffsetDateTime utc(Instant instant) {
    return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
  }
}
