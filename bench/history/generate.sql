-- bench/history.sh's data, first part: set-based SQL, no loop in the client. The script runs
-- generate.sql (this: the generated users, the history's indexes put aside), then in parallel
-- sessions generate-rows.sql (one slice of the generated users' rows each) and
-- generate-bench-rows.sql, then generate-indexes.sql (the GIN and the b-tree indexes in two
-- sessions at once), then generate-end.sql (the tracker steps, the ledger, ANALYZE, then the
-- foreign keys that refer to the history). psql variables:
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
-- No generated row is open (created, pending, processing, on hold) and none is on
-- payments.work_list (V50), so the application's reconciliation and review jobs have nothing to do.
\set ON_ERROR_STOP 1
\timing on
set synchronous_commit = on;

\echo '-- identity.users of the generated users'
insert into identity.users (id, email, email_verified_at, display_name, language, country,
                            default_currency, role, password_hash, password_changed_at, created_at)
select md5('bench-history-user-' || n)::uuid, 'gen-' || n || '@example.com', now() - interval '800 days',
       'Gen User ' || n, 'en', 'US', 'USD', 'customer', 'x', now() - interval '800 days',
       now() - interval '800 days'
  from generate_series(1, :users) n;


-- The history's indexes, its primary key and the keys that refer to it are dropped while the
-- rows go in and built again after (generate-indexes.sql): building an index once from sorted
-- rows is much faster than 10M inserts into ten of them (the primary key on random uuids most
-- of all). Their definitions are kept in bench_history and replayed unchanged.
create schema if not exists bench_history;
drop table if exists bench_history.kept_indexes, bench_history.kept_constraints;
create table bench_history.kept_indexes as
select indexrelid::regclass::text as name, pg_get_indexdef(indexrelid) as def,
       am.amname = 'gin' as gin
  from pg_index i join pg_class c on c.oid = i.indexrelid join pg_am am on am.oid = c.relam
 where indrelid = 'payments.transactions'::regclass
   and not exists (select 1 from pg_constraint c where c.conindid = i.indexrelid);
-- Foreign keys that refer to the table first (they need its primary key), then its own keys;
-- added back in the reverse order (the foreign keys last, in generate-end.sql).
create table bench_history.kept_constraints as
select row_number() over (order by contype = 'f' desc, contype = 'p' desc, conname) as ord,
       conrelid::regclass::text as tab, conname, pg_get_constraintdef(oid) as def
  from pg_constraint
 where (conrelid = 'payments.transactions'::regclass and contype in ('p', 'u'))
    or (confrelid = 'payments.transactions'::regclass and contype = 'f');
select format('alter table %s drop constraint %I', tab, conname)
  from bench_history.kept_constraints order by ord \gexec
select format('drop index %s', name) from bench_history.kept_indexes \gexec
