-- Issue 14, third pass: what keeping the running limit totals costs the recorder's insert. Five
-- rounds of the same 100-row insert (one row for each of 100 users who have a row today, so
-- their day totals are updated), with the statement trigger limit_usage_added and without it
-- (disabled inside the rolled-back round), each rolled back. Prints the insert's time and the
-- trigger's. Timings: label them with the machine's load. Run on a database migrated to V51:
--   psql -h 127.0.0.1 -U postgres -d <db> -f bench/limits/trigger-cost.sql 2>&1 | grep ERROR
-- (each round ends in a raised exception that carries its figures and rolls it back).
\pset pager off
-- 100 users, each with a row today already (so a batch updates their day totals, as the
-- recorder's batches of returning payers do); then batches of 100 rows, one per user.
create temp table bench_users as
  select ('00000000-0000-4000-9000-' || lpad(i::text, 12, '0'))::uuid as u from generate_series(1, 100) i;
insert into payments.transactions (id, user_id, operation, state, amount_minor, currency,
  fee_minor, counterparty, limit_amount_minor, idempotency_key, request_hash, created_at, updated_at)
select gen_random_uuid(), u, 'p2p', 'created', 100, 'USD', 0, 'bench', 100, 'bench-first', 'hash', now(), now()
  from bench_users
on conflict (user_id, idempotency_key) do nothing;
create or replace function pg_temp.batch_cost(with_trigger boolean, round int) returns text language plpgsql as $$
declare line text; result text := '';
begin
  if not with_trigger then
    alter table payments.transactions disable trigger limit_usage_added;
  end if;
  for line in explain (analyze, buffers, costs off)
      insert into payments.transactions (id, user_id, operation, state, amount_minor, currency,
        fee_minor, counterparty, limit_amount_minor, idempotency_key, request_hash, created_at, updated_at)
      select gen_random_uuid(), u, 'p2p', 'created', 100, 'USD', 0, 'bench', 100,
             'bench-' || round, 'hash', now(), now() from bench_users loop
    if line ~ '^ *(Insert on|Trigger|Execution)' then result := result || trim(line) || '; '; end if;
  end loop;
  raise exception using errcode = 'P0001', message = result; -- roll the batch back
end;
$$;
\set VERBOSITY terse
select pg_temp.batch_cost(true, 1);
select pg_temp.batch_cost(false, 1);
select pg_temp.batch_cost(true, 2);
select pg_temp.batch_cost(false, 2);
select pg_temp.batch_cost(true, 3);
select pg_temp.batch_cost(false, 3);
select pg_temp.batch_cost(true, 4);
select pg_temp.batch_cost(false, 4);
select pg_temp.batch_cost(true, 5);
select pg_temp.batch_cost(false, 5);
