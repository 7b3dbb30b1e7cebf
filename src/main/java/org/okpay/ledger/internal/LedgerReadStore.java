package org.okpay.ledger.internal;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;
import org.okpay.ledger.PeriodTotals;
import org.okpay.ledger.StatementLine;
import org.okpay.ledger.Transfer;
import org.okpay.ledger.TransferKind;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** Statements, past balances and single transfers. Reads only; no locks. */
@Component
class LedgerReadStore {

  // Each branch walks one index ((debit|credit)_account_id, created_at, seq; V40_1) backwards
  // from the cursor: per account, (created_at, seq) order is seq order (see V40_1), so the
  // (account, seq) indexes of V1 are not needed (V49 drops them).
  private static final String STATEMENT = """
      select t.seq, t.id, t.kind, t.debit_account_id, t.credit_account_id, t.amount, t.code,
             t.reference, t.created_at, t.debit_balance_after, t.debit_available_after,
             t.credit_balance_after, t.credit_available_after,
             (select p.amount from ledger.transfers p where p.id = t.pending_id) as held
        from ((select * from ledger.transfers
                where debit_account_id = :account
                  and (created_at, seq) < (cast(:beforeAt as timestamptz), :before)
                order by created_at desc, seq desc limit :limit)
              union all
              (select * from ledger.transfers
                where credit_account_id = :account
                  and (created_at, seq) < (cast(:beforeAt as timestamptz), :before)
                order by created_at desc, seq desc limit :limit)) t
       order by t.created_at desc, t.seq desc
       limit :limit
      """;

  // Each branch reads one index ((debit|credit)_account_id, created_at, seq, V40_1) backwards
  // from the time: per account, (created_at, seq) order is seq order (see V40_1), so its first
  // row is the account's last transfer at or before the time.
  private static final String BALANCE_AT = """
      select balance, available
        from ((select seq, debit_balance_after as balance, debit_available_after as available
                 from ledger.transfers
                where debit_account_id = :account and created_at <= :at
                order by created_at desc, seq desc limit 1)
              union all
              (select seq, credit_balance_after, credit_available_after
                 from ledger.transfers
                where credit_account_id = :account and created_at <= :at
                order by created_at desc, seq desc limit 1)) b
       order by seq desc
       limit 1
      """;

  /**
   * Each account's opening balance (the balance after its last transfer before the first bound,
   * found as {@link #BALANCE_AT} finds it), then its posted transfers between the first and the
   * last bound, each put in its period by width_bucket over the bounds; a running sum over the
   * periods carries the balance through the periods where nothing moved.
   */
  private static final String PERIOD_TOTALS = """
      with wanted as (
        select a.id as account_id from unnest(cast(:accounts as bigint[])) as a(id)
      ),
      opening as (
        select w.account_id, coalesce((
          select b.balance
            from ((select seq, debit_balance_after as balance from ledger.transfers
                    where debit_account_id = w.account_id and created_at < :first
                    order by created_at desc, seq desc limit 1)
                  union all
                  (select seq, credit_balance_after from ledger.transfers
                    where credit_account_id = w.account_id and created_at < :first
                    order by created_at desc, seq desc limit 1)) b
           order by b.seq desc limit 1), 0) as balance
          from wanted w
      ),
      moves as (
        select debit_account_id as account_id, created_at, -amount as change
          from ledger.transfers
         where debit_account_id in (select account_id from wanted)
           and kind in ('posted', 'post_pending') and created_at >= :first and created_at < :last
        union all
        select credit_account_id, created_at, amount
          from ledger.transfers
         where credit_account_id in (select account_id from wanted)
           and kind in ('posted', 'post_pending') and created_at >= :first and created_at < :last
      ),
      buckets as (
        select account_id, width_bucket(created_at, cast(:bounds as timestamptz[])) as period,
               sum(greatest(change, 0)) as money_in, sum(greatest(-change, 0)) as money_out,
               sum(change) as net
          from moves
         group by 1, 2
      )
      select o.account_id, p.period,
             coalesce(b.money_in, 0) as money_in, coalesce(b.money_out, 0) as money_out,
             o.balance + sum(coalesce(b.net, 0))
               over (partition by o.account_id order by p.period) as closing
        from opening o
       cross join generate_series(1, :periods) as p(period)
        left join buckets b on b.account_id = o.account_id and b.period = p.period
       order by o.account_id, p.period
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

  /** The account's lines before {@code before} (newest first); from the newest when null. */
  List<StatementLine> statement(long accountId, StatementCursor before, int limit) {
    return jdbc.sql(STATEMENT)
        .param("account", accountId)
        .param("beforeAt", before == null ? "infinity" : before.createdAt().toString())
        .param("before", before == null ? Long.MAX_VALUE : before.seq())
        .param("limit", limit)
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

  /** See {@link org.okpay.ledger.LedgerApi#periodTotals}; the caller checks the limits. */
  List<PeriodTotals> periodTotals(List<Long> accountIds, List<Instant> bounds) {
    String accounts = accountIds.stream().map(String::valueOf)
        .collect(Collectors.joining(",", "{", "}"));
    String boundArray = bounds.stream().map(Instant::toString)
        .collect(Collectors.joining(",", "{", "}"));
    return jdbc.sql(PERIOD_TOTALS)
        .param("accounts", accounts).param("bounds", boundArray)
        .param("first", OffsetDateTime.ofInstant(bounds.getFirst(), ZoneOffset.UTC))
        .param("last", OffsetDateTime.ofInstant(bounds.getLast(), ZoneOffset.UTC))
        .param("periods", bounds.size() - 1)
        .query((rs, n) -> {
          int period = rs.getInt("period") - 1;
          return new PeriodTotals(rs.getLong("account_id"), period, bounds.get(period),
              bounds.get(period + 1), rs.getLong("money_in"), rs.getLong("money_out"),
              rs.getLong("closing"));
        }).list();
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
