-- Payments, FX part: the operator's exchange-rate tables (every table kept; the newest is in
-- force) and the FX quotes users ask for. Amounts are bigint minor units; numeric only for rates.
create schema if not exists payments;

create table payments.fx_rate_tables (
  id          bigint generated always as identity primary key,
  base        char(3) not null,
  as_of       timestamptz not null,
  -- Who set it: "operator" (the operator token) or "user:<id>" (an admin's own token).
  set_by      text not null check (length(set_by) between 1 and 100)
);

create table payments.fx_rate_table_rows (
  table_id  bigint not null references payments.fx_rate_tables (id),
  currency  char(3) not null,
  rate      numeric not null check (rate > 0),
  primary key (table_id, currency)
);

create table payments.fx_quotes (
  id                  uuid primary key,
  user_id             uuid not null,
  operation           text not null check (operation in ('convert', 'cross_border')),
  source_currency     char(3) not null,
  target_currency     char(3) not null,
  -- Which amount the user gave: a fresh quote after expiry keeps that one.
  fixed_side          text not null check (fixed_side in ('source', 'target')),
  source_amount_minor bigint not null check (source_amount_minor > 0),
  fee_minor           bigint not null check (fee_minor >= 0),
  target_amount_minor bigint not null check (target_amount_minor > 0),
  rate                numeric not null check (rate > 0),
  created_at          timestamptz not null,
  expires_at          timestamptz not null,
  used_at             timestamptz,
  -- The transaction that executed the quote; one quote, one transaction.
  used_by             uuid,
  constraint fx_quote_currencies check (source_currency <> target_currency),
  constraint fx_quote_expiry check (expires_at > created_at),
  constraint fx_quote_use check ((used_at is null) = (used_by is null))
);
create index fx_quotes_user on payments.fx_quotes (user_id, created_at);
