-- The ledger module's tables. Amounts are bigint minor units; currencies ISO 4217 codes.
create schema if not exists ledger;

create table ledger.accounts (
  id               bigint generated always as identity primary key,
  owner_type       text    not null check (owner_type in ('customer', 'merchant', 'system')),
  owner_id         text    not null check (length(owner_id) between 1 and 64),
  currency         char(3) not null,
  kind             text    not null check (length(kind) between 1 and 32),
  status           text    not null default 'active' check (status in ('active', 'frozen', 'closed')),
  may_go_negative  boolean not null,
  debits_posted    bigint  not null default 0 check (debits_posted >= 0),
  credits_posted   bigint  not null default 0 check (credits_posted >= 0),
  debits_pending   bigint  not null default 0 check (debits_pending >= 0),
  credits_pending  bigint  not null default 0 check (credits_pending >= 0),
  created_at       timestamptz not null default now(),
  constraint accounts_owner_currency_kind_unique unique (owner_type, owner_id, currency, kind),
  constraint accounts_only_system_may_go_negative check (not may_go_negative or owner_type = 'system'),
  -- Defence in depth: the writer already refuses any transfer that would break this.
  constraint accounts_available_not_negative
    check (may_go_negative or credits_posted - debits_posted - debits_pending >= 0)
);

-- Transfers are immutable: never updated, never deleted. Corrections are new transfers.
-- No foreign keys to accounts: the writer validates both accounts under lock, accounts are
-- never deleted, and the checks cost about a quarter of a batch (docs/benchmarks.md).
create table ledger.transfers (
  id                      uuid    primary key,
  seq                     bigint  generated always as identity,
  kind                    text    not null
    check (kind in ('posted', 'pending', 'post_pending', 'void_pending', 'expire_pending')),
  debit_account_id        bigint  not null,
  credit_account_id       bigint  not null,
  amount                  bigint  not null check (amount > 0),
  currency                char(3) not null,
  pending_id              uuid,
  timeout_at              timestamptz,
  code                    text    not null check (length(code) between 1 and 64),
  reference               text    check (length(reference) <= 128),
  metadata                jsonb,
  -- The two accounts' balances right after this transfer, for statements and past balances.
  debit_balance_after     bigint  not null,
  debit_available_after   bigint  not null,
  credit_balance_after    bigint  not null,
  credit_available_after  bigint  not null,
  created_at              timestamptz not null,
  constraint transfers_accounts_differ check (debit_account_id <> credit_account_id),
  constraint transfers_pending_id_matches_kind
    check ((pending_id is null) = (kind in ('posted', 'pending')))
);

-- A hold is settled at most once: by one post, one void or one expiry.
create unique index transfers_pending_resolved_once on ledger.transfers (pending_id)
  where pending_id is not null;
create index transfers_debit_account_seq on ledger.transfers (debit_account_id, seq);
create index transfers_credit_account_seq on ledger.transfers (credit_account_id, seq);

-- Holds with a timeout that are not settled yet: the expiry janitor's work list. A row is
-- removed in the same transaction that posts, voids or expires its hold.
create table ledger.pending_timeouts (
  pending_id  uuid primary key,
  expires_at  timestamptz not null
);
create index pending_timeouts_expires_at on ledger.pending_timeouts (expires_at);
