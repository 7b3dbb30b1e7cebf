package org.okpay.payments.internal.sandbox;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Currency;
import java.util.Locale;
import java.util.Optional;
import org.okpay.payments.DeclineCode;
import org.okpay.payments.Rail;
import org.okpay.payments.RailState;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** sandbox.operations. */
@Component
class OperationStore {

  private final JdbcClient jdbc;

  OperationStore(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /**
   * Inserts the operation unless its reference exists; false when it did (a concurrent first
   * request waits here for the other to commit, then finds it).
   */
  boolean insertIfAbsent(OperationRow row) {
    return jdbc.sql("""
        insert into sandbox.operations (reference, rail_reference, rail, kind, request_hash,
               scenario, amount_minor, currency, state, decline_code, outcome_state,
               outcome_decline, times_out, created_at, settles_at, returns_at, updated_at)
        values (:reference, :railReference, :rail, :kind, :hash, :scenario, :amount, :currency,
               :state, :decline, :outcomeState, :outcomeDecline, :timesOut, :createdAt,
               :settlesAt, :returnsAt, :updatedAt)
        on conflict (reference) do nothing
        """).param("reference", row.reference()).param("railReference", row.railReference())
        .param("rail", key(row.rail())).param("kind", key(row.kind()))
        .param("hash", row.requestHash()).param("scenario", row.scenario())
        .param("amount", row.amountMinor()).param("currency", row.currency().getCurrencyCode())
        .param("state", key(row.state())).param("decline", code(row.declineCode()))
        .param("outcomeState", key(row.outcomeState()))
        .param("outcomeDecline", code(row.outcomeDecline())).param("timesOut", row.timesOut())
        .param("createdAt", utc(row.createdAt())).param("settlesAt", utc(row.settlesAt()))
        .param("returnsAt", utc(row.returnsAt())).param("updatedAt", utc(row.updatedAt()))
        .update() == 1;
  }

  /** The operation, its row locked until the transaction ends. */
  Optional<OperationRow> lock(String reference) {
    return jdbc.sql("select * from sandbox.operations where reference = :reference for update")
        .param("reference", reference).query(OperationStore::row).optional();
  }

  void updateState(OperationRow row) {
    int n = jdbc.sql("""
        update sandbox.operations set state = :state, decline_code = :decline,
               updated_at = :updatedAt
         where reference = :reference
        """).param("state", key(row.state())).param("decline", code(row.declineCode()))
        .param("updatedAt", utc(row.updatedAt())).param("reference", row.reference()).update();
    if (n != 1) {
      throw new IllegalStateException("sandbox operation vanished: " + row.reference());
    }
  }

  private static OperationRow row(ResultSet rs, int n) throws SQLException {
    return new OperationRow(rs.getString("reference"), rs.getString("rail_reference"),
        Rail.valueOf(upper(rs.getString("rail"))),
        OperationRow.Kind.valueOf(upper(rs.getString("kind"))), rs.getString("request_hash"),
        rs.getString("scenario"), rs.getLong("amount_minor"),
        Currency.getInstance(rs.getString("currency")),
        RailState.valueOf(upper(rs.getString("state"))), decline(rs.getString("decline_code")),
        RailState.valueOf(upper(rs.getString("outcome_state"))),
        decline(rs.getString("outcome_decline")), rs.getBoolean("times_out"),
        instant(rs, "created_at"), instant(rs, "settles_at"), instant(rs, "returns_at"),
        instant(rs, "updated_at"));
  }

  private static String key(Enum<?> value) {
    return value.name().toLowerCase(Locale.ROOT);
  }

  private static String upper(String key) {
    return key.toUpperCase(Locale.ROOT);
  }

  private static String code(DeclineCode code) {
    return code == null ? null : code.code();
  }

  private static DeclineCode decline(String code) {
    return code == null ? null : DeclineCode.valueOf(upper(code));
  }

  private static OffsetDateTime utc(Instant instant) {
    return instant == null ? null : OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
  }

  private static Instant instant(ResultSet rs, String column) throws SQLException {
    OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
    return value == null ? null : value.toInstant();
  }
}
