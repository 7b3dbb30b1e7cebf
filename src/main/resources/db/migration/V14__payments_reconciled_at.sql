-- When reconciliation last asked the rail about a transaction: each run starts with the ones it
-- asked longest ago (or never), so a long queue of open transfers cannot starve the newest, and
-- completed payouts are asked about returns once per interval, not on every run.
alter table payments.transactions add column reconciled_at timestamptz;

drop index payments.transactions_open;
create index transactions_open on payments.transactions (reconciled_at nulls first, updated_at)
  where state in ('created', 'pending', 'processing');
create index transactions_return_watch on payments.transactions (reconciled_at nulls first)
  where state = 'completed' and operation in ('withdrawal', 'cross_border');
