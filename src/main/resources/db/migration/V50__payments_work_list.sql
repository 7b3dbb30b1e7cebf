-- Issue 14: make the state moves of payments.transactions HOT updates. PostgreSQL writes a new
-- entry in every index of a table (ten here, the trigram search index with about 40 per row)
-- for an update that changes any indexed column, a column of a partial index's predicate
-- included. The work-list indexes (transactions_open, transactions_on_hold,
-- transactions_return_watch) named state, updated_at and reconciled_at, which every state move
-- changes, so none of the 40,285 updates of a bench run was HOT (docs/benchmarks.md, "Issue 14
-- third pass: HOT state moves").
--
-- The work lists move to a small table of their own: one row per transaction that a job or an
-- agent still has to look at, with the transaction's state and updated_at as it moves:
--   created, pending, processing   the reconciler settles it if its request stopped (open);
--   on_hold                        an agent reviews it (Reviews);
--   completed                      a payout a bank may still return, for return-watch after
--                                  completion (only operation types that are returnable).
-- Its rows are written by the same statements that insert and move the transaction
-- (TransactionStore, RecordStore), so a crash leaves both or neither: nothing drops off a list.
-- payments.transactions keeps no index on state, updated_at or reconciled_at, and a state move
-- changes none of its indexed columns.
create table payments.work_list (
  transaction_id  uuid primary key references payments.transactions (id),
  state           text not null
                    check (state in ('created', 'on_hold', 'pending', 'processing', 'completed')),
  -- The transaction's updated_at: when a created one goes stale, how long a payout is watched.
  updated_at      timestamptz not null,
  -- When the reconciler last asked the rail about it (V14): the longest ago, or never, first.
  reconciled_at   timestamptz
);
-- Reconciler: open ones, asked about longest ago first (as transactions_open of V14).
create index work_list_open on payments.work_list (reconciled_at nulls first, updated_at)
  where state in ('created', 'pending', 'processing');
-- Reconciler: completed payouts, asked about longest ago first (as transactions_return_watch).
create index work_list_return_watch on payments.work_list (reconciled_at nulls first)
  where state = 'completed';
-- Reconciler: completed payouts whose watch is over, the oldest first, to take off the list.
create index work_list_watch_ends on payments.work_list (updated_at) where state = 'completed';
-- Reviews: held ones, the longest held first. A payment is held in the transaction that records
-- it, so its updated_at there is its created_at (what transactions_on_hold ordered by).
create index work_list_on_hold on payments.work_list (updated_at) where state = 'on_hold';

-- Every transaction on a work list today. Completed payouts: what the reconciler's return
-- watch still looks at (the built-in returnable types and the merchants' payouts, completed
-- within the default okpay.payments.return-watch of 30 days); older ones it no longer asked about.
insert into payments.work_list (transaction_id, state, updated_at, reconciled_at)
select id, state, updated_at, reconciled_at
  from payments.transactions
 where state in ('created', 'on_hold', 'pending', 'processing')
    or (state = 'completed' and operation in ('withdrawal', 'cross_border', 'merchant_payout')
        and updated_at > now() - interval '30 days');

drop index payments.transactions_open;
drop index payments.transactions_on_hold;
drop index payments.transactions_return_watch;
alter table payments.transactions drop column reconciled_at;

-- Room on each page for the new versions of its rows: a HOT update must fit on the row's own
-- page. Pages written from now on are filled to 85 % (rows of a batch are moved together, and
-- the old versions free their space only once the move commits and the page is pruned).
alter table payments.transactions set (fillfactor = 85);

-- A queue: rows come and go with every payment. Vacuum and analyze after a fixed number of
-- changes rather than a fifth of the table, so the reconciler's scans do not step over many
-- dead entries (as notify.outbox, V46). Only storage parameters.
alter table payments.work_list set (
  autovacuum_vacuum_scale_factor = 0, autovacuum_vacuum_threshold = 5000,
  autovacuum_vacuum_insert_scale_factor = 0, autovacuum_vacuum_insert_threshold = 5000,
  autovacuum_analyze_scale_factor = 0, autovacuum_analyze_threshold = 5000);
