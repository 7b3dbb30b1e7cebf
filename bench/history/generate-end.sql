-- bench/history.sh's data, last part (see generate.sql): the bench users' tracker steps, ledger
-- transfers and balances, then ANALYZE, then the foreign keys generate.sql dropped. psql
-- variables as in generate.sql.
\set ON_ERROR_STOP 1
\timing on
set synchronous_commit = on;
\echo '-- tracker steps of the bench users'' rows'
insert into payments.transaction_steps (transaction_id, seq, step, at, detail)
select t.id, s.seq, s.step, t.created_at + (s.seq - 1) * interval '1 second', null
  from payments.transactions t
 cross join (values (1, 'created'), (2, 'completed')) s(seq, step)
 where (t.user_id = any(cast(:'bench' as uuid[])) or t.counterparty_user_id = any(cast(:'bench' as uuid[])))
   and t.idempotency_key like 'gen-%';

\echo '-- ledger: the bench users'' USD wallets and their transfers, balances carried in order'
insert into ledger.accounts (owner_type, owner_id, currency, kind, may_go_negative, shard_key)
select 'customer', b.id::text, 'USD', 'wallet', false, ledger.shard_key('customer', b.id::text)
  from unnest(cast(:'bench' as uuid[])) b(id)
on conflict do nothing;
insert into ledger.accounts (owner_type, owner_id, currency, kind, may_go_negative, shard_key)
values ('system', 'okpay', 'USD', 'bench_history', true, ledger.shard_key('system', 'okpay'))
on conflict do nothing;
create temporary table moves as
select gen_random_uuid() as id, w.id as wallet, t.id as tx, t.created_at,
       case when t.user_id = any(cast(:'bench' as uuid[])) then -(t.amount_minor + t.fee_minor)
            else t.amount_minor end as change
  from payments.transactions t
  join ledger.accounts w on w.owner_type = 'customer' and w.kind = 'wallet' and w.currency = 'USD'
   and w.owner_id = case when t.user_id = any(cast(:'bench' as uuid[])) then t.user_id
                         else t.counterparty_user_id end::text
 where (t.user_id = any(cast(:'bench' as uuid[])) or t.counterparty_user_id = any(cast(:'bench' as uuid[])))
   and t.idempotency_key like 'gen-%' and t.state = 'completed';
-- An opening deposit a day before the first row keeps every balance above zero.
insert into moves
select gen_random_uuid(), wallet, null, min(created_at) - interval '1 day', 1000000000000
  from moves group by wallet;
insert into ledger.transfers (id, kind, debit_account_id, credit_account_id, amount, currency,
  code, reference, debit_balance_after, debit_available_after, credit_balance_after,
  credit_available_after, created_at, shard_key)
select id, 'posted', case when change < 0 then wallet else sys end,
       case when change < 0 then sys else wallet end, abs(change), 'USD', 'bench_history',
       tx::text,
       case when change < 0 then wallet_after else sys_after end,
       case when change < 0 then wallet_after else sys_after end,
       case when change < 0 then sys_after else wallet_after end,
       case when change < 0 then sys_after else wallet_after end,
       created_at,
       case when change < 0 then wallet_shard else sys_shard end
  from (select m.*, s.id as sys, s.shard_key as sys_shard, w.shard_key as wallet_shard,
               sum(m.change) over (partition by m.wallet order by m.created_at, m.id) as wallet_after,
               -sum(m.change) over (order by m.created_at, m.id) as sys_after
          from moves m join ledger.accounts w on w.id = m.wallet, ledger.accounts s
         where s.owner_type = 'system' and s.kind = 'bench_history' and s.currency = 'USD') x
 order by created_at, id;
update ledger.accounts a
   set credits_posted = a.credits_posted + coalesce((select sum(amount) from ledger.transfers
                                                    where credit_account_id = a.id and code = 'bench_history'), 0),
       debits_posted = a.debits_posted + coalesce((select sum(amount) from ledger.transfers
                                                  where debit_account_id = a.id and code = 'bench_history'), 0)
 where a.id in (select wallet from moves) or a.kind = 'bench_history';

\echo '-- analyze'
analyze identity.users;
analyze payments.transactions;
analyze payments.transaction_steps;
analyze ledger.transfers;
analyze ledger.accounts;
\echo '-- the foreign keys that refer to the history, checked once'
select format('alter table %s add constraint %I %s', tab, conname, def)
  from bench_history.kept_constraints where def like 'FOREIGN KEY%' order by ord desc \gexec
drop table bench_history.kept_indexes, bench_history.kept_constraints;
