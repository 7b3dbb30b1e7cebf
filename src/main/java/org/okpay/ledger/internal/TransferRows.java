package org.okpay.ledger.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Currency;
import java.util.UUID;
import org.okpay.ledger.Transfer;
import org.okpay.ledger.TransferKind;

/** Maps a row of ledger.transfers to a {@link Transfer}. */
final class TransferRows {

  private TransferRows() {
  }

  static Transfer transfer(ResultSet rs, MetadataCodec metadata) throws SQLException {
    return new Transfer(
        rs.getObject("id", UUID.class),
        rs.getLong("seq"),
        TransferKind.fromDb(rs.getString("kind")),
        rs.getLong("debit_account_id"),
        rs.getLong("credit_account_id"),
        rs.getLong("amount"),
        Currency.getInstance(rs.getString("currency")),
        rs.getObject("pending_id", UUID.class),
        instant(rs, "timeout_at"),
        rs.getString("code"),
        rs.getString("reference"),
        metadata.decode(rs.getString("metadata")),
        instant(rs, "created_at"));
  }

  static Instant instant(ResultSet rs, String column) throws SQLException {
    OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
    return value == null ? null : value.toInstant();
  }
}
