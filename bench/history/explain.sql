-- The history's queries as the application sends them (History.page, Statements, Views,
-- LedgerReadStore), for one bench user: psql variables user, from, to, month_start, month_end.
\set ON_ERROR_STOP 1
\pset pager off
\echo '-- first page (limit 20)'
explain (analyze, buffers, costs off)
select id, created_at from payments.transactions
 where (user_id = :'user' or counterparty_user_id = :'user')
 order by created_at desc, id desc limit 21;
\echo '-- filtered: status=failed'
explain (analyze, buffers, costs off)
select id, created_at from payments.transactions
 where (user_id = :'user' or counterparty_user_id = :'user') and state = 'failed'
 order by created_at desc, id desc limit 21;
\echo '-- filtered: a month a year ago'
explain (analyze, buffers, costs off)
select id, created_at from payments.transactions
 where (user_id = :'user' or counterparty_user_id = :'user')
   and created_at >= cast(:'from' as timestamptz) and created_at < cast(:'to' as timestamptz)
 order by created_at desc, id desc limit 21;
\echo '-- search: q=invoice 60001'
explain (analyze, buffers, costs off)
select id, created_at from payments.transactions
 where (user_id = :'user' or counterparty_user_id = :'user')
   and (counterparty ilike '%invoice 60001%' or note ilike '%invoice 60001%' or rail_reference ilike '%invoice 60001%')
 order by created_at desc, id desc limit 21;
