-- The work lists' queries as they were before V50, on payments.transactions, after data.sql
-- with -v new=0 (docs/benchmarks.md, "Issue 14 third pass: HOT state moves").
\pset pager off
\echo == open (Reconciler)
explain (analyze, buffers, costs off, timing off) select id from payments.transactions
 where state in ('pending', 'processing') or (state = 'created' and updated_at < now() - interval '30 seconds')
 order by reconciled_at nulls first, updated_at limit 500;
\echo == return watch (Reconciler)
explain (analyze, buffers, costs off, timing off) select id from payments.transactions
 where state = 'completed' and operation = any(cast('{cross_border,merchant_payout,withdrawal}' as text[]))
   and updated_at > now() - interval '30 days'
   and (reconciled_at is null or reconciled_at < now() - interval '10 minutes')
 order by reconciled_at nulls first limit 500;
\echo == on hold (Reviews)
explain (analyze, buffers, costs off, timing off) select id, state, created_at from payments.transactions
 where state = 'on_hold' order by created_at limit 200;
\echo == leftovers (StartupReconciliation)
explain (analyze, buffers, costs off, timing off) select updated_at from payments.transactions
 where state = 'created' and updated_at < now() order by updated_at desc limit 1;
