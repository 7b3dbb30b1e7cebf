-- The history's queries as the application sends them (History.page, LedgerReadStore's period
-- totals, TransactionStore's tracker reads), for one bench user: psql variables user, from, to,
-- month_start, month_end. "before" is the shape History.page had up to V39 (one condition on
-- either side of the payment), kept to show what the two-branch shape saves.
\set ON_ERROR_STOP 1
\pset pager off
\echo '-- before: first page (limit 20), one condition for both sides'
explain (analyze, buffers, costs off)
select id, created_at from payments.transactions
 where (user_id = :'user' or counterparty_user_id = :'user')
 order by created_at desc, id desc limit 21;
\echo '-- first page (limit 20)'
explain (analyze, buffers, costs off)
select * from ((select * from payments.transactions where user_id = :'user'
                 order by created_at desc, id desc limit 21)
               union all
               (select * from payments.transactions where counterparty_user_id = :'user' and user_id <> :'user'
                 order by created_at desc, id desc limit 21)) t
 order by created_at desc, id desc limit 21;
\echo '-- filtered: status=failed'
explain (analyze, buffers, costs off)
select * from ((select * from payments.transactions where user_id = :'user' and state = 'failed'
                 order by created_at desc, id desc limit 21)
               union all
               (select * from payments.transactions where counterparty_user_id = :'user' and user_id <> :'user'
                   and state = 'failed'
                 order by created_at desc, id desc limit 21)) t
 order by created_at desc, id desc limit 21;
\echo '-- filtered: type=withdrawal (nobody receives one: the received branch finds nothing)'
explain (analyze, buffers, costs off)
select * from ((select * from payments.transactions where user_id = :'user' and operation = 'withdrawal'
                 order by created_at desc, id desc limit 21)
               union all
               (select * from payments.transactions where counterparty_user_id = :'user' and user_id <> :'user'
                   and operation = 'withdrawal'
                 order by created_at desc, id desc limit 21)) t
 order by created_at desc, id desc limit 21;
\echo '-- filtered: 30 days a year ago'
explain (analyze, buffers, costs off)
select * from ((select * from payments.transactions where user_id = :'user'
                   and created_at >= cast(:'from' as timestamptz) and created_at < cast(:'to' as timestamptz)
                 order by created_at desc, id desc limit 21)
               union all
               (select * from payments.transactions where counterparty_user_id = :'user' and user_id <> :'user'
                   and created_at >= cast(:'from' as timestamptz) and created_at < cast(:'to' as timestamptz)
                 order by created_at desc, id desc limit 21)) t
 order by created_at desc, id desc limit 21;
\echo '-- search: q=invoice 60001 (rare: one row)'
explain (analyze, buffers, costs off)
select * from ((select * from payments.transactions where user_id = :'user'
                   and (counterparty || E'\n' || coalesce(note, '') || E'\n' || coalesce(rail_reference, '')) ilike '%invoice 60001%'
                 order by created_at desc, id desc limit 21)
               union all
               (select * from payments.transactions where counterparty_user_id = :'user' and user_id <> :'user'
                   and (counterparty || E'\n' || coalesce(note, '') || E'\n' || coalesce(rail_reference, '')) ilike '%invoice 60001%'
                 order by created_at desc, id desc limit 21)) t
 order by created_at desc, id desc limit 21;
\echo '-- search: q=coffee (common: about one row in twenty)'
explain (analyze, buffers, costs off)
select * from ((select * from payments.transactions where user_id = :'user'
                   and (counterparty || E'\n' || coalesce(note, '') || E'\n' || coalesce(rail_reference, '')) ilike '%coffee%'
                 order by created_at desc, id desc limit 21)
               union all
               (select * from payments.transactions where counterparty_user_id = :'user' and user_id <> :'user'
                   and (counterparty || E'\n' || coalesce(note, '') || E'\n' || coalesce(rail_reference, '')) ilike '%coffee%'
                 order by created_at desc, id desc limit 21)) t
 order by created_at desc, id desc limit 21;
\echo '-- statement: the month''s transactions (a month a year ago)'
explain (analyze, buffers, costs off)
select * from ((select * from payments.transactions where user_id = :'user'
                   and created_at >= cast(:'month_start' as timestamptz) and created_at < cast(:'month_end' as timestamptz)
                 order by created_at desc, id desc limit 100001)
               union all
               (select * from payments.transactions where counterparty_user_id = :'user' and user_id <> :'user'
                   and created_at >= cast(:'month_start' as timestamptz) and created_at < cast(:'month_end' as timestamptz)
                 order by created_at desc, id desc limit 100001)) t
 order by created_at desc, id desc limit 100001;
\echo '-- statement: the month''s opening, in, out and closing (LedgerReadStore.PERIOD_TOTALS, one wallet)'
select array_agg(id)::text as accounts from ledger.accounts
 where owner_type = 'customer' and owner_id = :'user' and kind = 'wallet' \gset
explain (analyze, buffers, costs off)
with wanted as (
  select a.id as account_id from unnest(cast(:'accounts' as bigint[])) as a(id)
),
opening as (
  select w.account_id, coalesce((
    select b.balance
      from ((select seq, debit_balance_after as balance from ledger.transfers
              where debit_account_id = w.account_id and created_at < cast(:'month_start' as timestamptz)
              order by created_at desc, seq desc limit 1)
            union all
            (select seq, credit_balance_after from ledger.transfers
              where credit_account_id = w.account_id and created_at < cast(:'month_start' as timestamptz)
              order by created_at desc, seq desc limit 1)) b
     order by b.seq desc limit 1), 0) as balance
    from wanted w
),
moves as (
  select debit_account_id as account_id, created_at, -amount as change
    from ledger.transfers
   where debit_account_id in (select account_id from wanted)
     and kind in ('posted', 'post_pending') and created_at >= cast(:'month_start' as timestamptz)
     and created_at < cast(:'month_end' as timestamptz)
  union all
  select credit_account_id, created_at, amount
    from ledger.transfers
   where credit_account_id in (select account_id from wanted)
     and kind in ('posted', 'post_pending') and created_at >= cast(:'month_start' as timestamptz)
     and created_at < cast(:'month_end' as timestamptz)
),
buckets as (
  select account_id, width_bucket(created_at, array[cast(:'month_start' as timestamptz), cast(:'month_end' as timestamptz)]) as period,
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
 cross join generate_series(1, 1) as p(period)
  left join buckets b on b.account_id = o.account_id and b.period = p.period
 order by o.account_id, p.period;
\echo '-- tracker: one transaction and its steps (TransactionStore.visibleTo, steps)'
-- a row from the middle of the user's own rows (offset half their count: small runs hold fewer
-- than 5,000 and a fixed offset found nothing)
select id as tx from payments.transactions where user_id = :'user' order by created_at desc
 limit 1 offset (select count(*) / 2 from payments.transactions where user_id = :'user') \gset
explain (analyze, buffers, costs off)
select * from payments.transactions where id = :'tx' and (user_id = :'user' or counterparty_user_id = :'user');
explain (analyze, buffers, costs off)
select step, at, detail from payments.transaction_steps where transaction_id = :'tx' order by seq;
