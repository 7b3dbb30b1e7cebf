-- The history's text search (q): counterparty, note and rail reference in one expression (the
-- one History.SEARCHED writes), indexed by trigrams so that `ilike '%words%'` finds the few rows
-- that hold the words without reading every row of a user with 100,000 of them. pg_trgm ships
-- with PostgreSQL (contrib) and is a trusted extension: the database's owner may create it.
-- A plain build, in the migration's transaction: it blocks writes to the table while it runs
-- (about a minute per 10 million rows on 2 cores, docs/benchmarks.md). On a large live table,
-- build it beforehand with `create index concurrently` and the same definition (this script
-- then skips it); not here, because Flyway's transactional lock makes a concurrent build wait
-- for the migration's own session.
create extension if not exists pg_trgm;

create index if not exists transactions_search on payments.transactions
  using gin ((counterparty || E'\n' || coalesce(note, '') || E'\n' || coalesce(rail_reference, ''))
             gin_trgm_ops);
