-- Issue 14, third pass: what the limit check reads for a user with 0, 1,000 and 100,000
-- payments this month, with the month scan it replaced (before) and the running totals
-- (after, payments.limit_usage of V51) side by side on the same database, before and after a
-- vacuum of the totals, and which state moves call the row trigger (what it costs the
-- recorder's insert: trigger-cost.sql). Run on a database migrated to V51 or later (e.g. one
-- the tests used):
--   psql -h 127.0.0.1 -U postgres -d <db> -f bench/limits/usage-cost.sql
-- The users' rows are made in March 2025 and read as of 2025-03-20 12:00 UTC, so the velocity
-- window (10 minutes) holds none of them; each row is its own committed insert, as payments
-- are, so the day rows of the totals are updated as often as they are in use. It takes a few
-- minutes (100,000 commits: 11 minutes on the loaded 2-core machine of 2026-12-07). Run it once per database: it removes its users' earlier rows.
\set ON_ERROR_STOP 1
\pset pager off
set synchronous_commit = on;

\set u0 '''00000000-0000-4000-8000-000000000000'''
\set u1k '''00000000-0000-4000-8000-000000001000'''
\set u100k '''00000000-0000-4000-8000-000000100000'''

delete from payments.transaction_steps where transaction_id in
  (select id from payments.transactions where user_id in (:u0, :u1k, :u100k));
delete from payments.transactions where user_id in (:u0, :u1k, :u100k);
delete from payments.limit_usage where user_id in (:u0, :u1k, :u100k);

-- n rows of USD 1.00 for user u, spread evenly over 2025-03-01 00:00 .. 2025-03-20 11:00, one commit
-- each (a p2p row, completed; every 10th failed, which does not count).
create or replace procedure pg_temp.make_rows(u uuid, n int) language plpgsql as $$
begin
  for i in 1 .. n loop
    insert into payments.transactions (id, user_id, operation, state, amount_minor, currency,
      fee_minor, counterparty, limit_amount_minor, failure_code, idempotency_key, request_hash,
      created_at, updated_at)
    values (gen_random_uuid(), u, 'p2p', case when i % 10 = 0 then 'failed' else 'completed' end,
      100, 'USD', 0, 'bench', 100, case when i % 10 = 0 then 'declined' end,
      'bench-limits-' || i, 'hash',
      timestamptz '2025-03-01 00:00:00+00' + (i - 1) * (interval '19 days 11 hours' / n),
      timestamptz '2025-03-01 00:00:00+00' + (i - 1) * (interval '19 days 11 hours' / n));
    commit;
  end loop;
end;
$$;
\timing on
call pg_temp.make_rows(:u1k, 1000);
call pg_temp.make_rows(:u100k, 100000);
\timing off
analyze payments.transactions;
analyze payments.limit_usage;

\echo '== the totals equal the rows (no line below: none differs)'
select * from payments.limit_usage_drift where user_id in (:u0, :u1k, :u100k);

-- The windows as Checks.window(2025-03-20T12:00Z) gives them.
\set velocity '''2025-03-20 11:50:00+00'''
\set day '''2025-03-20 00:00:00+00'''
\set month '''2025-03-01 00:00:00+00'''

\echo '== before: the month scan (LimitUsage.usage and RecordStore.seen until V51)'
prepare scan(uuid) as
select count(*) filter (where created_at >= :velocity) as recent,
       coalesce(sum(limit_amount_minor) filter (where operation = 'p2p'
         and state <> 'failed' and created_at >= :day), 0) as day,
       coalesce(sum(limit_amount_minor) filter (where operation = 'p2p'
         and state <> 'failed' and created_at >= :month), 0) as month
  from payments.transactions
 where user_id = $1 and created_at >= least(timestamptz :velocity, timestamptz :month);
execute scan(:u0); execute scan(:u1k); execute scan(:u100k);
explain (analyze, buffers, costs off, timing off, summary off) execute scan(:u0);
explain (analyze, buffers, costs off, timing off, summary off) execute scan(:u1k);
explain (analyze, buffers, costs off, timing off, summary off) execute scan(:u100k);

\echo '== after: the running totals (LimitUsage.USAGE)'
prepare totals(uuid) as
select (select count(*) from payments.transactions
         where user_id = $1 and created_at >= :velocity) as recent,
       coalesce(sum(amount_minor) filter (where day >= date :day), 0) as day,
       coalesce(sum(amount_minor), 0) as month
  from payments.limit_usage
 where user_id = $1 and operation = 'p2p' and day >= date :month;
execute totals(:u0); execute totals(:u1k); execute totals(:u100k);
explain (analyze, buffers, costs off, timing off, summary off) execute totals(:u0);
explain (analyze, buffers, costs off, timing off, summary off) execute totals(:u1k);
explain (analyze, buffers, costs off, timing off, summary off) execute totals(:u100k);

\echo '== a move that does not change the totals (completed -> reversed) calls nothing; a failure calls the row trigger once'
begin;
explain (analyze, buffers, costs off, timing off)
update payments.transactions set state = 'reversed', failure_code = 'returned'
 where user_id = :u1k and idempotency_key = 'bench-limits-1';
explain (analyze, buffers, costs off, timing off)
update payments.transactions set state = 'failed', failure_code = 'declined'
 where user_id = :u1k and idempotency_key = 'bench-limits-2';
rollback;

\echo '== after: the same read once vacuum removed the day rows'' old versions (this server may run with autovacuum off)'
vacuum payments.limit_usage;
explain (analyze, buffers, costs off, timing off, summary off) execute totals(:u0);
explain (analyze, buffers, costs off, timing off, summary off) execute totals(:u1k);
explain (analyze, buffers, costs off, timing off, summary off) execute totals(:u100k);
select n_tup_upd, n_tup_hot_upd, n_live_tup, n_dead_tup
  from pg_stat_user_tables where relid = 'payments.limit_usage'::regclass;
