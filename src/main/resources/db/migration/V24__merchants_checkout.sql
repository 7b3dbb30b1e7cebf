-- Checkout sessions and merchant payments (issue 10, M-checkout). See docs/merchants.md.

-- One checkout session: what a merchant asks to be paid, by API (with its Idempotency-Key) or
-- from its static QR code (the payer typed the amount). open -> complete | expired.
-- The claim (payer_user_id, claim_seq, claim_until) is taken by compare-and-set before a payer's
-- payment is recorded, so two payers (or two tabs) cannot both pay: while it is held by one
-- payer nobody else may pay; a failed attempt gives it back.
create table merchants.checkout_sessions (
  id uuid primary key,
  merchant_id uuid not null references merchants.merchants (id),
  source text not null check (source in ('api', 'static_qr')),
  idempotency_key text,
  request_hash text,
  amount_minor bigint not null check (amount_minor > 0),
  currency char(3) not null,
  fee_minor bigint not null check (fee_minor >= 0 and fee_minor <= amount_minor),
  description text,
  order_reference text,
  success_url text,
  cancel_url text,
  status text not null default 'open' check (status in ('open', 'complete', 'expired')),
  expires_at timestamptz not null,
  created_at timestamptz not null,
  completed_at timestamptz,
  expired_at timestamptz,
  payer_user_id uuid,
  claim_seq integer not null default 0,
  claim_until timestamptz,
  unique (merchant_id, idempotency_key)
);

create index checkout_sessions_by_merchant
  on merchants.checkout_sessions (merchant_id, created_at desc, id desc);
create index checkout_sessions_due
  on merchants.checkout_sessions (expires_at) where status = 'open';

-- One row per merchant payment (a payer's merchant_payment transaction), succeeded or failed.
create table merchants.payments (
  id uuid primary key,
  merchant_id uuid not null references merchants.merchants (id),
  transaction_id uuid not null unique,
  checkout_session_id uuid references merchants.checkout_sessions (id),
  payer_user_id uuid not null,
  amount_minor bigint not null check (amount_minor > 0),
  currency char(3) not null,
  fee_minor bigint not null check (fee_minor >= 0),
  net_minor bigint not null,
  refunded_minor bigint not null default 0 check (refunded_minor between 0 and amount_minor),
  status text not null check (status in ('succeeded', 'failed')),
  description text,
  order_reference text,
  created_at timestamptz not null,
  check (net_minor = amount_minor - fee_minor)
);

-- A session is paid once.
create unique index payments_one_success_per_session
  on merchants.payments (checkout_session_id) where status = 'succeeded';
create index payments_by_merchant on merchants.payments (merchant_id, created_at desc, id desc);
