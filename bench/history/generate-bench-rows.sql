-- bench/history.sh's data: the bench users' rows (see generate.sql); runs next to
-- generate-rows.sql's sessions. psql variables as in generate.sql.
\set ON_ERROR_STOP 1
\timing on
set synchronous_commit = on;
\echo '-- payments.transactions: the bench users'' rows (half made, half received)'
insert into payments.transactions (id, user_id, operation, state, amount_minor, currency, fee_minor,
  target_amount_minor, target_currency, fx_rate, counterparty_user_id, counterparty, note, rail,
  rail_reference, failure_code, limit_amount_minor, expected_at, idempotency_key, request_hash,
  created_at, updated_at)
select gen_random_uuid(),
       case when incoming then md5('bench-history-user-' || other)::uuid else b.id end,
       op, st, amount, 'USD', case when op = 'withdrawal' then 25 else 0 end,
       case when op = 'convert' then amount * 9 / 10 end,
       case when op = 'convert' then 'EUR' end,
       case when op = 'convert' then 0.9 end,
       case when incoming then b.id when op = 'p2p' then md5('bench-history-user-' || other)::uuid end,
       case when incoming then 'Bench receiver'
            when op = 'p2p' then 'Gen User ' || other || ' (gen-' || other || '@example.com)'
            when op = 'topup_card' then 'Visa •••• 4242'
            when op = 'withdrawal' then 'Chase •••• 6789'
            else 'USD to EUR' end,
       case when r_note < 0.5 then null
            else (array['coffee', 'rent', 'dinner with Sam', 'groceries', 'tickets', 'books',
                        'gift', 'taxi', 'utilities', 'lunch'])[1 + floor(r_note * 20)::int % 10]
                 || case when r_note > 0.9 then ' invoice ' || i else '' end end,
       case when op = 'topup_card' then 'card' when op = 'withdrawal' then 'domestic_bank' end,
       case when op in ('topup_card', 'withdrawal') then 'RR' || upper(substr(md5(b.id || '-' || i), 1, 12)) end,
       case st when 'failed' then 'card_declined' end,
       amount, null, 'gen-' || b.id || '-' || i, 'bench', at, at
  from unnest(cast(:'bench' as uuid[])) as b(id),
       lateral (select i, i % 2 = 0 as incoming,
                       1 + floor(:users * random() + 0 * i)::int as other,
                       case when i % 2 = 0 then 'p2p'
                            else (array['p2p', 'p2p', 'topup_card', 'withdrawal', 'convert'])
                                   [1 + floor(random() * 5)::int] end as op,
                       case when random() < 0.97 then 'completed' else 'failed' end as st,
                       100 + floor(random() * 20000)::bigint as amount,
                       random() as r_note,
                       now() - interval '1 minute' - (:days * interval '1 day') * (1 - i::float8 / :heavy)
                         as at
                  from generate_series(1, :heavy) i) g;

