-- Funding sources (payments schema) and the sandbox rail's own state (sandbox schema).
--
-- The sandbox schema belongs to the sandbox rail alone: it stands for a card network's and a
-- bank's systems, so OKPay's payments code never reads it; only the rail's port does.
-- Neither schema ever holds a full card number or a CVC.

create schema if not exists payments;
create schema if not exists sandbox;

-- A user's cards: the vault token and what a person needs to recognise the card.
create table payments.cards (
  id            uuid primary key,
  user_id       uuid not null,
  token         text not null check (length(token) between 1 and 100),
  brand         text not null check (length(brand) between 1 and 20),
  last4         char(4) not null check (last4 ~ '^[0-9]{4}$'),
  expiry_month  smallint not null check (expiry_month between 1 and 12),
  expiry_year   smallint not null check (expiry_year between 2000 and 2199),
  -- The rail's fingerprint of the number (HMAC, hex): the same card gives the same value.
  fingerprint   text not null check (length(fingerprint) between 1 and 128),
  holder_name   text not null check (length(holder_name) between 1 and 70),
  added_at      timestamptz not null,
  -- Removal is soft, so past transactions still show the card they used.
  removed_at    timestamptz
);
create unique index cards_one_per_fingerprint on payments.cards (user_id, fingerprint)
  where removed_at is null;
create index cards_by_user on payments.cards (user_id, added_at);

-- A user's bank accounts, for top-ups (collect) and withdrawals (payout).
create table payments.bank_accounts (
  id                      uuid primary key,
  user_id                 uuid not null,
  holder_name             text not null check (length(holder_name) between 1 and 70),
  -- An IBAN or a local account number, upper case, without spaces.
  account_number          text not null check (account_number ~ '^[A-Z0-9]{4,34}$'),
  -- Sort code, routing number, SWIFT/BIC or CNAPS code; empty for an IBAN alone.
  bank_code               text not null check (bank_code ~ '^[A-Z0-9]{0,20}$'),
  country                 char(2) not null check (country ~ '^[A-Z]{2}$'),
  currency                char(3) not null check (currency ~ '^[A-Z]{3}$'),
  state                   text not null
                          check (state in ('verified', 'pending_verification', 'rejected')),
  decline_code            text check (decline_code is null or length(decline_code) <= 40),
  -- The two amounts the rail sent, while the user has to confirm them (minor units).
  micro_first_minor       bigint check (micro_first_minor is null or micro_first_minor > 0),
  micro_second_minor      bigint check (micro_second_minor is null or micro_second_minor > 0),
  micro_attempts          integer not null default 0 check (micro_attempts between 0 and 3),
  verified_at             timestamptz,
  added_at                timestamptz not null,
  removed_at              timestamptz
);
create unique index bank_accounts_one_per_number
  on payments.bank_accounts (user_id, account_number, bank_code) where removed_at is null;
create index bank_accounts_by_user on payments.bank_accounts (user_id, added_at);

-- The sandbox clock: the application's clock plus this offset, which only grows.
create table sandbox.clock (
  id          smallint primary key check (id = 1),
  offset_ms   bigint not null check (offset_ms >= 0),
  updated_at  timestamptz not null
);
insert into sandbox.clock (id, offset_ms, updated_at) values (1, 0, now());

-- The sandbox vault: what a token stands for. The scenario (how charges behave) is derived
-- from the number when it is tokenized, so the number itself is never kept.
create table sandbox.cards (
  token         text primary key check (length(token) between 1 and 100),
  scenario      text not null check (length(scenario) between 1 and 40),
  brand         text not null check (length(brand) between 1 and 20),
  last4         char(4) not null check (last4 ~ '^[0-9]{4}$'),
  expiry_month  smallint not null check (expiry_month between 1 and 12),
  expiry_year   smallint not null check (expiry_year between 2000 and 2199),
  fingerprint   text not null check (length(fingerprint) = 64),
  created_at    timestamptz not null
);

-- Every operation the sandbox rail was asked for, keyed by OKPay's reference, so asking again
-- never has a second effect. Times are rail time (see sandbox.clock).
create table sandbox.operations (
  reference        text primary key check (length(reference) between 1 and 100),
  rail_reference   text not null unique check (length(rail_reference) between 1 and 100),
  rail             text not null check (rail in ('card', 'domestic_bank', 'cross_border')),
  kind             text not null check (kind in ('charge', 'collect', 'payout')),
  -- SHA-256 (hex) of what was asked, to tell a repeat from another request on the same reference.
  request_hash     text not null check (length(request_hash) = 64),
  scenario         text not null check (length(scenario) between 1 and 40),
  amount_minor     bigint not null check (amount_minor > 0),
  currency         char(3) not null check (currency ~ '^[A-Z]{3}$'),
  state            text not null
                   check (state in ('processing', 'completed', 'declined', 'unknown', 'returned')),
  decline_code     text check (decline_code is null or length(decline_code) <= 40),
  -- What the operation turns into at settles_at (hidden while the state is unknown).
  outcome_state    text not null check (outcome_state in ('completed', 'declined')),
  outcome_decline  text check (outcome_decline is null or length(outcome_decline) <= 40),
  -- Requests for this operation time out (their answer is unknown); status tells the truth.
  times_out        boolean not null,
  created_at       timestamptz not null,
  settles_at       timestamptz not null,
  -- For a completed operation the bank later sends back: when it does.
  returns_at       timestamptz,
  updated_at       timestamptz not null
);
create index operations_open on sandbox.operations (settles_at)
  where state in ('processing', 'unknown');
