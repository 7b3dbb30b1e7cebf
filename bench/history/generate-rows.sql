-- bench/history.sh's data: one slice of the generated users' rows (see generate.sql). psql
-- variables: rows, users, heavy, days, bench as in generate.sql; slice (0-based) and slices: this
-- session writes the rows i = slice + 1, slice + 1 + slices, ... so that the slices together
-- write the same numbered rows as one session would.
\set ON_ERROR_STOP 1
\timing on
set synchronous_commit = on;
\echo '-- payments.transactions: the generated users'' rows'
insert into payments.transactions (id, user_id, operation, state, amount_minor, currency, fee_minor,
  target_amount_minor, target_currency, fx_rate, counterparty_user_id, counterparty, note, rail,
  rail_reference, failure_code, limit_amount_minor, expected_at, idempotency_key, request_hash,
  created_at, updated_at)
select gen_random_uuid(), md5('bench-history-user-' || owner)::uuid, op, st, amount,
       cur, case when op in ('withdrawal', 'cross_border') then 25 else 0 end,
       case when op = 'convert' then amount * 9 / 10 end,
       case when op = 'convert' then (case when cur = 'EUR' then 'USD' else 'EUR' end) end,
       case when op = 'convert' then 0.9 end,
       case when op = 'p2p' then md5('bench-history-user-' || other)::uuid end,
       case op when 'p2p' then 'Gen User ' || other || ' (gen-' || other || '@example.com)'
               when 'topup_card' then 'Visa •••• 4242'
               when 'withdrawal' then 'Chase •••• 6789'
               when 'topup_bank' then 'Chase •••• 6789'
               when 'cross_border' then 'Li Wei, Bank of China •••• 8888'
               else 'USD to EUR' end,
       case when r_note < 0.5 then null
            else (array['coffee', 'rent', 'dinner with Sam', 'groceries', 'tickets', 'books',
                        'gift', 'taxi', 'utilities', 'lunch'])[1 + floor(r_note * 20)::int % 10]
                 || case when r_note > 0.9 then ' invoice ' || i else '' end end,
       case when op in ('topup_card') then 'card' when op in ('withdrawal', 'topup_bank') then 'domestic_bank'
            when op = 'cross_border' then 'cross_border' end,
       case when op in ('topup_card', 'withdrawal', 'topup_bank', 'cross_border')
            then 'RR' || upper(substr(md5(i::text), 1, 12)) end,
       case st when 'failed' then 'card_declined' when 'reversed' then 'insufficient_funds' end,
       amount, null, 'gen-' || i, 'bench', at, at
  from (select i,
               1 + floor(:users * power(random(), 2))::int as owner,
               1 + floor(:users * random())::int as other,
               (array['p2p', 'p2p', 'p2p', 'p2p', 'p2p', 'topup_card', 'topup_card', 'withdrawal',
                      'convert', 'cross_border', 'topup_bank'])[1 + floor(random() * 11)::int] as op,
               case when random() < 0.96 then 'completed' when random() < 0.75 then 'failed'
                    else 'reversed' end as st,
               100 + floor(random() * 50000)::bigint as amount,
               (array['USD', 'USD', 'USD', 'USD', 'USD', 'USD', 'USD', 'USD', 'EUR', 'CNY'])
                 [1 + floor(random() * 10)::int] as cur,
               random() as r_note,
               now() - random() * (:days * interval '1 day') as at
          from generate_series(1 + :slice, :rows - :heavy * cardinality(cast(:'bench' as uuid[])), :slices) i) g;

