-- The work lists' queries as the branch with V50 runs them (docs/benchmarks.md, "Issue 14 third
-- pass: HOT state moves"), after data.sql with -v new=1.
\pset pager off
\echo == open (Reconciler)
explain (analyze, buffers, costs off, timing off) select transaction_id from payments.work_list
 where state in ('pending', 'processing') or (state = 'created' and updated_at < now() - interval '30 seconds')
 order by reconciled_at nulls first, updated_at limit 500;
\echo == return watch (Reconciler)
explain (analyze, buffers, costs off, timing off) select transaction_id from payments.work_list
 where state = 'completed' and updated_at > now() - interval '30 days'
   and (reconciled_at is null or reconciled_at < now() - interval '10 minutes')
 order by reconciled_at nulls first limit 500;
\echo == end of the return watch (Reconciler, rolled back)
begin;
explain (analyze, buffers, costs off, timing off) delete from payments.work_list
 where transaction_id in (select transaction_id from payments.work_list
                           where state = 'completed' and updated_at <= now() - interval '30 days'
                           order by updated_at limit 5000)
   and state = 'completed';
rollback;
\echo == on hold (Reviews)
explain (analyze, buffers, costs off, timing off) select id, state, created_at from payments.transactions
 where id in (select transaction_id from payments.work_list
               where state = 'on_hold' order by updated_at limit 200)
 order by created_at;
\echo == leftovers (StartupReconciliation)
explain (analyze, buffers, costs off, timing off) select updated_at from payments.work_list
 where state = 'created' and updated_at < now() order by updated_at desc limit 1;
