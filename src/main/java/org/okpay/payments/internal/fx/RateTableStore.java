package org.okpay.payments.internal.fx;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Currency;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/** The operator's rate tables in {@code payments.fx_rate_tables}; the newest is in force. */
@Component
class RateTableStore {

  private final JdbcClient jdbc;

  RateTableStore(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /** Adds a table; earlier ones stay as history. */
  @Transactional
  void save(RateTable table, String setBy) {
    long id = jdbc.sql("""
        insert into payments.fx_rate_tables (base, as_of, set_by) values (:base, :asOf, :setBy)
        returning id
        """).param("base", table.base().getCurrencyCode())
        .param("asOf", OffsetDateTime.ofInstant(table.asOf(), ZoneOffset.UTC))
        .param("setBy", setBy).query(Long.class).single();
    table.perBase().forEach((currency, rate) -> {
      int rows = jdbc.sql("""
          insert into payments.fx_rate_table_rows (table_id, currency, rate)
          values (:id, :currency, :rate)
          """).param("id", id).param("currency", currency.getCurrencyCode()).param("rate", rate)
          .update();
      if (rows != 1) {
        throw new IllegalStateException("rate row not written");
      }
    });
  }

  /** The newest table, in one round trip; empty while the operator has set none. */
  Optional<RateTable> latest() {
    record Row(Currency base, Instant asOf, Currency currency, BigDecimal rate) {
    }
    List<Row> rows = jdbc.sql("""
        select t.base, t.as_of, r.currency, r.rate
          from payments.fx_rate_table_rows r
          join payments.fx_rate_tables t on t.id = r.table_id
         where t.id = (select max(id) from payments.fx_rate_tables)
        """).query((rs, n) -> new Row(Currency.getInstance(rs.getString("base")),
            rs.getObject("as_of", OffsetDateTime.class).toInstant(),
            Currency.getInstance(rs.getString("currency")), rs.getBigDecimal("rate"))).list();
    if (rows.isEmpty()) {
      return Optional.empty();
    }
    Map<Currency, BigDecimal> perBase = new LinkedHashMap<>();
    rows.forEach(r -> perBase.put(r.currency(), r.rate().stripTrailingZeros()));
    return Optional.of(new RateTable(rows.getFirst().base(), perBase, rows.getFirst().asOf(),
        "operator"));
  }
}
