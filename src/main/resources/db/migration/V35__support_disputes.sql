-- Disputes (issue 11): a customer reports one of their transactions; merchant payments go through
-- an inquiry, then a claim that holds the disputed amount in the ledger, then an agent's decision.
-- State and deadlines live here; money lives in the ledger (hold_id is the pending transfer).
create schema if not exists support;

create table support.disputes (
  id                    uuid primary key,
  customer_id           uuid not null,
  transaction_id        uuid not null,
  -- merchant: a merchant payment; p2p: a payment to another user; other: anything else
  kind                  text not null check (kind in ('merchant', 'p2p', 'other')),
  merchant_id           uuid,
  merchant_name         text check (length(merchant_name) <= 200),
  payment_id            uuid,
  counterparty_user_id  uuid,
  reason                text not null check (reason in ('unauthorized', 'not_received',
                          'not_as_described', 'duplicate', 'refund_not_received')),
  status                text not null check (status in ('inquiry', 'needs_response',
                          'under_review', 'won', 'lost', 'withdrawn')),
  amount_minor          bigint not null check (amount_minor > 0),
  currency              char(3) not null,
  description           text not null check (length(description) between 1 and 2000),
  idempotency_key       text not null check (length(idempotency_key) between 1 and 100),
  request_hash          text not null,
  -- the deadline of the current stage (inquiry: escalation; needs_response: evidence); null after
  due_at                timestamptz,
  inquiry_ends_at       timestamptz,
  evidence_due_at       timestamptz,
  escalated_at          timestamptz,
  -- the hold: a pending ledger transfer from the merchant (or recipient) to the customer;
  -- posted when decided for the customer, voided when decided for the merchant
  hold_id               uuid,
  hold_minor            bigint not null default 0 check (hold_minor >= 0),
  hold_state            text not null default 'none' check (hold_state in ('none', 'placing',
                          'held', 'posting', 'posted', 'voiding', 'voided', 'failed')),
  hold_attempt          int not null default 0,
  -- refunded (a merchant refund ended it), conceded (the merchant accepted), decided
  -- (an agent), withdrawn (the customer), expired (no evidence in time)
  resolution            text check (resolution in ('refunded', 'conceded', 'decided', 'withdrawn',
                          'no_response')),
  decision_reason       text check (length(decision_reason) <= 2000),
  decided_by            uuid,
  closed_at             timestamptz,
  secured_account       boolean not null default false,
  created_at            timestamptz not null,
  updated_at            timestamptz not null,
  unique (customer_id, idempotency_key),
  constraint disputes_merchant check ((kind = 'merchant') = (merchant_id is not null
    and payment_id is not null)),
  constraint disputes_hold check (hold_minor <= amount_minor)
);

-- One open dispute per transaction.
create unique index disputes_one_open on support.disputes (transaction_id)
  where status in ('inquiry', 'needs_response', 'under_review');
create index disputes_customer on support.disputes (customer_id, created_at desc);
create index disputes_merchant on support.disputes (merchant_id, created_at desc)
  where merchant_id is not null;
create index disputes_due on support.disputes (due_at) where due_at is not null;
create index disputes_hold_work on support.disputes (updated_at)
  where hold_state in ('placing', 'posting', 'voiding');
create index disputes_queue on support.disputes (status, due_at, created_at);

create table support.dispute_messages (
  id          uuid primary key,
  dispute_id  uuid not null references support.disputes (id),
  author      text not null check (author in ('customer', 'merchant', 'agent', 'system')),
  author_id   text,
  body        text not null check (length(body) between 1 and 4000),
  created_at  timestamptz not null
);
create index dispute_messages_of on support.dispute_messages (dispute_id, created_at);

create table support.dispute_evidence (
  dispute_id              uuid primary key references support.disputes (id),
  product_description     text check (length(product_description) <= 4000),
  customer_communication  text check (length(customer_communication) <= 4000),
  shipping_tracking       text check (length(shipping_tracking) <= 500),
  refund_policy           text check (length(refund_policy) <= 4000),
  explanation             text not null check (length(explanation) between 1 and 4000),
  submitted_at            timestamptz not null,
  submitted_by            text
);

create table support.dispute_files (
  id            uuid primary key,
  dispute_id    uuid not null references support.disputes (id),
  file_name     text not null check (length(file_name) between 1 and 200),
  content_type  text not null check (content_type in ('application/pdf', 'image/png',
                  'image/jpeg', 'text/plain')),
  size_bytes    int not null check (size_bytes between 1 and 5242880),
  content       bytea not null,
  sha256        text not null,
  created_at    timestamptz not null
);
create index dispute_files_of on support.dispute_files (dispute_id, created_at);

-- Every state change, for the timeline both sides see.
create table support.dispute_steps (
  id          bigserial primary key,
  dispute_id  uuid not null references support.disputes (id),
  step        text not null check (length(step) between 1 and 40),
  actor       text not null check (actor in ('customer', 'merchant', 'agent', 'system')),
  at          timestamptz not null
);
create index dispute_steps_of on support.dispute_steps (dispute_id, id);

-- The deadline job runs once cluster-wide: an instance takes the lease by compare-and-set.
create table support.dispute_job_lease (
  name        text primary key,
  holder      text,
  held_until  timestamptz not null
);
insert into support.dispute_job_lease (name, holder, held_until)
  values ('deadlines', null, '-infinity');
