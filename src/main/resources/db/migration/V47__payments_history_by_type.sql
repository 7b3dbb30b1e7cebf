-- The history filtered by type (History.page with `type=`): each branch walks its user's rows
-- newest first and keeps those of the type. A type the user rarely has, or never has on one
-- side (nobody receives a withdrawal or a card top-up), made that branch read every row the
-- user has on that side before it could answer: 60,000 rows for the received side of a bench
-- user at every `type=withdrawal` (docs/benchmarks.md, "Issue 14: history, second pass").
-- With the type next to the user in the key, each branch reads only the rows of the type,
-- newest first from the cursor, and stops after the page.
--
-- transactions_limits (user_id, operation, created_at) where state <> 'failed' gives its place
-- to the made side's index: LimitUsage's reads by (user, operation, time) use the new one as
-- well (they state the state themselves), so the write path keeps the same number of index
-- entries per row; the received side's index holds only rows with a counterparty user (P2P),
-- like transactions_by_counterparty.
--
-- Plain builds in the migration's transaction (about a minute per 10 million rows on 2 cores);
-- on a large live table build them beforehand with `create index concurrently` and the same
-- definitions (this script then skips them).
create index if not exists transactions_by_user_type
  on payments.transactions (user_id, operation, created_at desc, id desc);
create index if not exists transactions_received_by_type
  on payments.transactions (counterparty_user_id, operation, created_at desc, id desc)
  where counterparty_user_id is not null;
drop index if exists payments.transactions_limits;
