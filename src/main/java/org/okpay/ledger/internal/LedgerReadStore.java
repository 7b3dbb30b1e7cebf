package org.okpay.ledger.internal;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.okpay.ledger.StatementLine;
import org.okpay.ledger.Transfer;
import org.okpay.ledger.TransferKind;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** Statements, past balances and single transfers. Reads only; no locks. */
@Component
class LedgerReadStore {

  // Each branch walks one index ((debit|credit)_account_id, seq) backwards from the cursor.
  private static final String STATEMENT = """
      select t.seq, t.id, t.kind, t.debit_account_id, t.credit_account_id, t.amount, t.code,
             t.reference, t.created_at, t.debit_balance_after, t.debit_available_after,
             t.credit_balance_after, t.credit_available_after,
             (select p.amount from ledger.transfers p where p.id = t.pending_id) as held
        from ((select * from ledger.transfers
                where debit_account_id = :account and seq < :before
                order by seq desc limit :limit)
              union all
              (select * from ledger.transfers
                where credit_account_id = :account and seq < :before
                order by seq desc limit :limit)) t
       order by t.seq desc
       limit :limit
      """;

  private static final String BALANCE_AT = """
      select balance, available
        from ((select seq, debit_balance_after as balance, debit_available_after as available
                 from ledger.transfers
                where debit_account_id = :account and created_at <= :at
                order by seq desc limit 1)
              union all
              (select seq, credit_balance_after, credit_available_after
                 from ledger.transfers
                where credit_account_id = :account and created_at <= :at
                order by seq desc limit 1)) b
       order by seq desc
       limit 1
      """;

  private final JdbcClient jdbc;
  private final MetadataCodec metadata;

  LedgerReadStore(JdbcClient jdbc, MetadataCodec metadata) {
    this.jdbc = jdbc;
    this.metadata = metadata;
  }

  Optional<Transfer> transfer(UUID id) {
    return jdbc.sql("""
        select id, seq, kind, debit_account_id, credit_account_id, amount, currency, pending_id,
               timeout_at, code, reference, metadata::text as metadata, created_at
          from ledger.transfers where id = :id
        """).param("id", id).query((rs, n) -> TransferRows.transfer(rs, metadata)).optional();
  }

  List<StatementLine> statement(long accountId, long beforeSeq, int limit) {
    return jdbc.sql(STATEMENT)
        .param("account", accountId).param("before", beforeSeq).param("limit", limit)
        .query((rs, n) -> {
          boolean debitSide = rs.getLong("debit_account_id") == accountId;
          TransferKind kind = TransferKind.fromDb(rs.getString("kind"));
          long amount = rs.getLong("amount");
          long held = rs.getLong("held");
          return new StatementLine(
              rs.getLong("seq"),
              rs.getObject("id", UUID.class),
              kind,
              debitSide ? rs.getLong("credit_account_id") : rs.getLong("debit_account_id"),
              postedChange(kind, amount, debitSide),
              availableChange(kind, amount, held, debitSide),
              rs.getLong(debitSide ? "debit_balance_after" : "credit_balance_after"),
              rs.getLong(debitSide ? "debit_available_after" : "credit_available_after"),
              rs.getString("code"),
              rs.getString("reference"),
              TransferRows.instant(rs, "created_at"));
        }).list();
  }

  /** The balances after the last transfer at or before {@code at}; empty if there was none. */
  Optional<long[]> balanceAt(long accountId, Instant at) {
    return jdbc.sql(BALANCE_AT)
        .param("account", accountId).param("at", OffsetDateTime.ofInstant(at, ZoneOffset.UTC))
        .query((rs, n) -> new long[] {rs.getLong("balance"), rs.getLong("available")})
        .optional();
  }

  private static long postedChange(TransferKind kind, long amount, boolean debitSide) {
    boolean moves = kind == TransferKind.POSTED || kind == TransferKind.POST_PENDING;
    return !moves ? 0 : debitSide ? -amount : amount;
  }

  /** Available = posted balance less outgoing holds, so holds count on the debit side only. */
  private static long availableChange(TransferKind kind, long amount, long held,
      boolean debitSide) {
    if (!debitSide) {
      return kind == TransferKind.POSTED || kind == TransferKind.POST_PENDING ? amount : 0;
    }
    return switch (kind) {
      case POSTED, PENDING -> -amount;
      case POST_PENDING -> held - amount;
      case VOID_PENDING, EXPIRE_PENDING -> amount;
    };
  }
}
