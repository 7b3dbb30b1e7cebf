-- Merchant payouts (issue 10): which engine transaction (the owner's merchant_payout) is which
-- merchant's payout, so the merchant lists its own. Money and state live in payments/ledger.
create table merchants.payouts (
  merchant_id     uuid not null references merchants.merchants(id),
  idempotency_key text not null check (length(idempotency_key) between 1 and 100),
  transaction_id  uuid not null unique,
  owner_user_id   uuid not null,
  created_at      timestamptz not null default now(),
  primary key (merchant_id, idempotency_key)
);
create index payouts_merchant_created on merchants.payouts (merchant_id, created_at desc);
