-- The payments module: the transaction a user sees, its tracker steps, complaints, and the
-- reconciliation job's runs and findings. Money moves only in the ledger; these rows say why.
create schema if not exists payments;

create table payments.transactions (
  id                    uuid primary key,
  user_id               uuid not null,
  operation             text not null check (operation in
                          ('topup_card', 'topup_bank', 'withdrawal', 'p2p', 'convert', 'cross_border')),
  state                 text not null check (state in
                          ('created', 'on_hold', 'pending', 'processing', 'completed', 'failed', 'reversed')),
  amount_minor          bigint not null check (amount_minor > 0),
  currency              char(3) not null,
  fee_minor             bigint not null check (fee_minor >= 0),
  target_amount_minor   bigint check (target_amount_minor > 0),
  target_currency       char(3),
  fx_rate               numeric(30, 12) check (fx_rate > 0),
  quote_id              uuid,
  card_id               uuid,
  bank_account_id       uuid,
  counterparty_user_id  uuid,
  counterparty          text not null check (length(counterparty) between 1 and 200),
  recipient_bank        jsonb,
  note                  text check (length(note) <= 140),
  rail                  text check (rail in ('card', 'domestic_bank', 'cross_border')),
  rail_reference        text check (length(rail_reference) <= 100),
  failure_code          text check (length(failure_code) <= 64),
  -- The amount in the limits' currency when it was made: what counts toward daily and monthly limits.
  limit_amount_minor    bigint not null check (limit_amount_minor >= 0),
  risk_reasons          text[] not null default '{}',
  expected_at           timestamptz,
  idempotency_key       text not null check (length(idempotency_key) between 1 and 255),
  request_hash          text not null,
  created_at            timestamptz not null,
  updated_at            timestamptz not null,
  constraint transactions_idempotency unique (user_id, idempotency_key),
  constraint transactions_failure check ((state in ('failed', 'reversed')) = (failure_code is not null))
);
create index transactions_by_user on payments.transactions (user_id, created_at desc, id desc);
create index transactions_by_counterparty on payments.transactions (counterparty_user_id, created_at desc, id desc)
  where counterparty_user_id is not null;
create index transactions_open on payments.transactions (updated_at)
  where state in ('created', 'pending', 'processing');
create index transactions_on_hold on payments.transactions (created_at) where state = 'on_hold';
create index transactions_limits on payments.transactions (user_id, operation, created_at)
  where state <> 'failed';

-- The tracker: every step a transaction went through, in order. Append-only.
create table payments.transaction_steps (
  transaction_id  uuid not null references payments.transactions (id),
  seq             int not null check (seq >= 1),
  step            text not null check (length(step) between 1 and 40),
  at              timestamptz not null,
  detail          text check (length(detail) <= 500),
  primary key (transaction_id, seq)
);

-- "My money has not arrived", filed from the transaction once its expected time has passed.
create table payments.complaints (
  id              uuid primary key,
  transaction_id  uuid not null references payments.transactions (id),
  user_id         uuid not null,
  message         text not null check (length(message) between 1 and 2000),
  created_at      timestamptz not null,
  constraint complaints_once unique (transaction_id, user_id)
);

create table payments.reconciliation_runs (
  id           bigserial primary key,
  started_at   timestamptz not null,
  finished_at  timestamptz,
  checked      int not null default 0,
  settled      int not null default 0,
  findings     int not null default 0
);

-- What reconciliation could not settle by itself: an agent reviews it. Never fixed silently.
create table payments.reconciliation_findings (
  id              bigserial primary key,
  run_id          bigint references payments.reconciliation_runs (id),
  transaction_id  uuid not null references payments.transactions (id),
  kind            text not null check (length(kind) between 1 and 40),
  ledger_state    text not null,
  rail_state      text not null,
  detail          text not null check (length(detail) <= 1000),
  created_at      timestamptz not null,
  resolved_at     timestamptz,
  resolved_by     text,
  resolution      text check (length(resolution) <= 1000)
);
create unique index reconciliation_findings_open on payments.reconciliation_findings (transaction_id, kind)
  where resolved_at is null;
