-- bench/history.sh's data: set-based SQL, no loop in the client. psql variables:
--   rows    transactions in all;  users  generated users;  heavy  rows of each bench user
--   bench   the bench users' ids, a text array literal '{...}' (they were registered over the API)
--   days    how far back the history goes
-- Generated user n has id md5('bench-history-user-' || n)::uuid and a row in identity.users, so
-- a received payment shows its sender's name as in production. The rows of the generated users
-- are skewed: user n is drawn as 1 + floor(users * random()^2), so the first users have tens of
-- thousands of rows and most have a few dozen. Each bench user has :heavy rows, half made by
-- them, half P2P payments received from generated users (the counterparty index's side), spread
-- evenly over the days. Only the bench users' completed USD rows get ledger transfers, tracker
-- steps and a wallet balance (the statement reads them; nobody else's are read).
-- No generated row is open (created, pending, processing, on hold), and completed payouts are
-- marked reconciled now, so the application's reconciliation and review jobs have nothing to do.
\set ON_ERROR_STOP 1
\timing on
set maintenance_work_mem = '512MB';
set max_parallel_maintenance_workers = 2;
set synchronous_commit = on;

\echo '-- identity.users of the generated users'
insert into identity.users (id, email, email_verified_at, display_name, language, country,
                            default_currency, role, password_hash, password_changed_at, created_at)
select md5('bench-history-user-' || n)::uuid, 'gen-' || n || '@example.com', now() - interval '800 days',
       'Gen User ' || n, 'en', 'US', 'USD', 'customer', 'x', now() - interval '800 days',
       now() - interval '800 days'
  from generate_series(1, :users) n;

-- The history's indexes are dropped while the rows go in and built again after (faster than
-- 10M inserts into six indexes); their definitions are kept here and replayed unchanged.
create temporary table kept_indexes as
select indexrelid::regclass::text as name, pg_get_indexdef(indexrelid) as def
  from pg_index i
 where indrelid = 'payments.transactions'::regclass and not indisprimary
   and not exists (select 1 from pg_constraint c where c.conindid = i.indexrelid);
create temporary table kept_constraints as
select conname, pg_get_constraintdef(oid) as def from pg_constraint
 where conrelid = 'payments.transactions'::regclass and contype = 'u';
select format('drop index %s', name) from kept_indexes \gexec
select format('alter table payments.transactions drop constraint %I', conname) from kept_constraints \gexec

\echo '-- payments.transactions: the generated users'' rows'
insert into payments.transactions (id, user_id, operation, state, amount_minor, currency, fee_minor,
  target_amount_minor, target_currency, fx_rate, counterparty_user_id, counterparty, note, rail,
  rail_reference, failure_code, limit_amount_minor, expected_at, idempotency_key, request_hash,
  created_at, updated_at, reconciled_at)
select gen_random_uuid(), md5('bench-history-user-' || owner)::uuid, op, st, amount,
       cur, case when op in ('withdrawal', 'cross_border') then 25 else 0 end,
       case when op = 'convert' then amount * 9 / 10 end,
       case when op = 'convert' then (case when cur = 'EUR' then 'USD' else 'EUR' end) end,
       case when op = 'convert' then 0.9 end,
       case when op = 'p2p' then md5('bench-history-user-' || other)::uuid end,
       case op when 'p2p' then 'Gen User ' || other || ' (gen-' || other || '@example.com)'
               when 'topup_card' then 'Visa •••• 4242'
               when 'withdrawal' then 'Chase •••• 6789'
               when 'topup_bank' then 'Chase •••• 6789'
               when 'cross_border' then 'Li Wei, Bank of China •••• 8888'
               else 'USD to EUR' end,
       case when r_note < 0.5 then null
            else (array['coffee', 'rent', 'dinner with Sam', 'groceries', 'tickets', 'books',
                        'gift', 'taxi', 'utilities', 'lunch'])[1 + floor(r_note * 20)::int % 10]
                 || case when r_note > 0.9 then ' invoice ' || i else '' end end,
       case when op in ('topup_card') then 'card' when op in ('withdrawal', 'topup_bank') then 'domestic_bank'
            when op = 'cross_border' then 'cross_border' end,
       case when op in ('topup_card', 'withdrawal', 'topup_bank', 'cross_border')
            then 'RR' || upper(substr(md5(i::text), 1, 12)) end,
       case st when 'failed' then 'card_declined' when 'reversed' then 'insufficient_funds' end,
       amount, null, 'gen-' || i, 'bench', at, at,
       case when op in ('withdrawal', 'cross_border') then now() end
  from (select i,
               1 + floor(:users * power(random(), 2))::int as owner,
               1 + floor(:users * random())::int as other,
               (array['p2p', 'p2p', 'p2p', 'p2p', 'p2p', 'topup_card', 'topup_card', 'withdrawal',
                      'convert', 'cross_border', 'topup_bank'])[1 + floor(random() * 11)::int] as op,
               case when random() < 0.96 then 'completed' when random() < 0.75 then 'failed'
                    else 'reversed' end as st,
               100 + floor(random() * 50000)::bigint as amount,
               (array['USD', 'USD', 'USD', 'USD', 'USD', 'USD', 'USD', 'USD', 'EUR', 'CNY'])
                 [1 + floor(random() * 10)::int] as cur,
               random() as r_note,
               now() - random() * (:days * interval '1 day') as at
          from generate_series(1, :rows - :heavy * cardinality(cast(:'bench' as uuid[]))) i) g;

\echo '-- payments.transactions: the bench users'' rows (half made, half received)'
insert into payments.transactions (id, user_id, operation, state, amount_minor, currency, fee_minor,
  target_amount_minor, target_currency, fx_rate, counterparty_user_id, counterparty, note, rail,
  rail_reference, failure_code, limit_amount_minor, expected_at, idempotency_key, request_hash,
  created_at, updated_at, reconciled_at)
select gen_random_uuid(),
       case when incoming then md5('bench-history-user-' || other)::uuid else b.id end,
       op, st, amount, 'USD', case when op = 'withdrawal' then 25 else 0 end,
       case when op = 'convert' then amount * 9 / 10 end,
       case when op = 'convert' then 'EUR' end,
       case when op = 'convert' then 0.9 end,
       case when incoming then b.id when op = 'p2p' then md5('bench-history-user-' || other)::uuid end,
       case when incoming then 'Bench receiver'
            when op = 'p2p' then 'Gen User ' || other || ' (gen-' || other || '@example.com)'
            when op = 'topup_card' then 'Visa •••• 4242'
            when op = 'withdrawal' then 'Chase •••• 6789'
            else 'USD to EUR' end,
       case when r_note < 0.5 then null
            else (array['coffee', 'rent', 'dinner with Sam', 'groceries', 'tickets', 'books',
                        'gift', 'taxi', 'utilities', 'lunch'])[1 + floor(r_note * 20)::int % 10]
                 || case when r_note > 0.9 then ' invoice ' || i else '' end end,
       case when op = 'topup_card' then 'card' when op = 'withdrawal' then 'domestic_bank' end,
       case when op in ('topup_card', 'withdrawal') then 'RR' || upper(substr(md5(b.id || '-' || i), 1, 12)) end,
       case st when 'failed' then 'card_declined' end,
       amount, null, 'gen-' || b.id || '-' || i, 'bench', at, at,
       case when op = 'withdrawal' then now() end
  from unnest(cast(:'bench' as uuid[])) as b(id),
       lateral (select i, i % 2 = 0 as incoming,
                       1 + floor(:users * random() + 0 * i)::int as other,
                       case when i % 2 = 0 then 'p2p'
                            else (array['p2p', 'p2p', 'topup_card', 'withdrawal', 'convert'])
                                   [1 + floor(random() * 5)::int] end as op,
                       case when random() < 0.97 then 'completed' else 'failed' end as st,
                       100 + floor(random() * 20000)::bigint as amount,
                       random() as r_note,
                       now() - interval '1 minute' - (:days * interval '1 day') * (1 - i::float8 / :heavy)
                         as at
                  from generate_series(1, :heavy) i) g;

\echo '-- the history''s indexes again'
select def from kept_indexes \gexec
select format('alter table payments.transactions add constraint %I %s', conname, def)
  from kept_constraints \gexec

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
