package org.okpay.ledger.internal;

import java.util.List;
import org.okpay.ledger.InvariantReport;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Isolation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Recomputes every balance from the transfers and checks the ledger's rules: each currency sums
 * to zero, each account's stored balances equal its transfers, no customer or merchant account
 * is below zero. Reads everything: an admin and test tool, not a hot path.
 */
@Component
class InvariantChecker {

  private static final String UNBALANCED_CURRENCIES = """
      select currency
        from ledger.accounts
       group by currency
      having sum(credits_posted) <> sum(debits_posted)
          or sum(credits_pending) <> sum(debits_pending)
       order by currency
      """;

  // Every transfer's effect on its two accounts, summed per account and compared with the rows.
  // Settling a hold removes the held amount (the pending transfer's) from the pending columns.
  private static final String ACCOUNTS_NOT_MATCHING = """
      with effects as (
        select t.debit_account_id as account_id,
               case when t.kind in ('posted', 'post_pending') then t.amount else 0 end as dp,
               0::bigint as cp,
               case when t.kind = 'pending' then t.amount
                    when t.pending_id is not null then -p.amount else 0 end as dpe,
               0::bigint as cpe
          from ledger.transfers t left join ledger.transfers p on p.id = t.pending_id
        union all
        select t.credit_account_id,
               0::bigint,
               case when t.kind in ('posted', 'post_pending') then t.amount else 0 end,
               0::bigint,
               case when t.kind = 'pending' then t.amount
                    when t.pending_id is not null then -p.amount else 0 end
          from ledger.transfers t left join ledger.transfers p on p.id = t.pending_id
      ), sums as (
        select account_id, sum(dp) as dp, sum(cp) as cp, sum(dpe) as dpe, sum(cpe) as cpe
          from effects group by account_id
      )
      select a.id
        from ledger.accounts a left join sums s on s.account_id = a.id
       where a.debits_posted   <> coalesce(s.dp, 0)
          or a.credits_posted  <> coalesce(s.cp, 0)
          or a.debits_pending  <> coalesce(s.dpe, 0)
          or a.credits_pending <> coalesce(s.cpe, 0)
       order by a.id
      """;

  private static final String NEGATIVE_ACCOUNTS = """
      select id from ledger.accounts
       where not may_go_negative and credits_posted - debits_posted - debits_pending < 0
       order by id
      """;

  private final JdbcClient jdbc;

  InvariantChecker(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /** One snapshot for all queries, so concurrent batches cannot make a sound ledger look broken. */
  @Transactional(readOnly = true, isolation = Isolation.REPEATABLE_READ)
  InvariantReport check() {
    long accounts = jdbc.sql("select count(*) from ledger.accounts").query(Long.class).single();
    long transfers = jdbc.sql("select count(*) from ledger.transfers").query(Long.class).single();
    List<String> currencies = jdbc.sql(UNBALANCED_CURRENCIES).query(String.class).list();
    List<Long> mismatched = jdbc.sql(ACCOUNTS_NOT_MATCHING).query(Long.class).list();
    List<Long> negative = jdbc.sql(NEGATIVE_ACCOUNTS).query(Long.class).list();
    return new InvariantReport(accounts, transfers, currencies, mismatched, negative);
  }
}
