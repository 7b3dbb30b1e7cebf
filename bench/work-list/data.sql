-- Synthetic rows for EXPLAIN of the work-list queries: 200,000 completed P2P payments, 50,000
-- payouts completed 31-400 days ago (past the return watch), 5,000 completed in the last 30 days,
-- 2,000 processing, 1,000 created (half stale), 100 on hold. :new = 1 also fills payments.work_list
-- as V50 does.
\set ON_ERROR_STOP 1
insert into payments.transactions (id, user_id, operation, state, amount_minor, currency, fee_minor,
  counterparty, rail, limit_amount_minor, idempotency_key, request_hash, created_at, updated_at)
select gen_random_uuid(), gen_random_uuid(), op, st, 100, 'USD', 0, 'Explain ' || i,
       case when op = 'withdrawal' then 'domestic_bank' end, 100, 'explain-' || i, 'x', at, at
  from (select i,
               case when i <= 200000 then 'p2p' when i <= 258000 then 'withdrawal' else 'p2p' end as op,
               case when i <= 255000 then 'completed' when i <= 257000 then 'processing'
                    when i <= 258000 then 'created' else 'on_hold' end as st,
               case when i <= 200000 then now() - (i % 30) * interval '1 day'
                    when i <= 250000 then now() - interval '31 days' - (i % 370) * interval '1 day'
                    when i <= 255000 then now() - (i % 30) * interval '1 day' + interval '1 minute'
                    when i <= 257000 then now() - (i % 60) * interval '1 minute'
                    when i <= 258000 then now() - (i % 60) * interval '1 second'
                    else now() - (i % 100) * interval '1 minute' end as at
          from generate_series(1, 258100) i) g;
\if :new
insert into payments.work_list (transaction_id, state, updated_at, reconciled_at)
select id, state, updated_at,
       case when state = 'completed' then least(updated_at + interval '29 days', now() - interval '1 hour') end
  from payments.transactions
 where idempotency_key like 'explain-%'
   and (state in ('created', 'on_hold', 'pending', 'processing')
        or (state = 'completed' and operation = 'withdrawal' and updated_at > now() - interval '30 days'));
\else
update payments.transactions set reconciled_at = least(updated_at + interval '29 days', now() - interval '1 hour')
 where idempotency_key like 'explain-%' and state = 'completed' and operation = 'withdrawal';
\endif
vacuum analyze payments.transactions;
