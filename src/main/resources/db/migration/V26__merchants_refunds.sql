-- Refunds and refund requests (issue 10, M-refunds). See docs/merchants.md, "Refunds".

-- The customer's ask for money back from one of their merchant payments:
-- requested -> approved | rejected | expired | withdrawn. The merchant answers by answer_by;
-- an unanswered request expires (and the customer is offered to escalate to support).
create table merchants.refund_requests (
  id uuid primary key,
  merchant_id uuid not null references merchants.merchants (id),
  payment_id uuid not null references merchants.payments (id),
  payer_user_id uuid not null,
  amount_minor bigint not null check (amount_minor > 0),
  currency char(3) not null,
  reason text not null check (reason in ('requested_by_customer', 'duplicate', 'fraudulent',
    'not_received', 'not_as_described', 'other')),
  message text,
  status text not null default 'requested'
    check (status in ('requested', 'approved', 'rejected', 'expired', 'withdrawn')),
  answer_by timestamptz not null,
  answered_at timestamptz,
  answered_by uuid,
  answer_note text,
  refund_id uuid,
  escalation_offered_at timestamptz,
  created_at timestamptz not null
);

-- One open request per payment at a time.
create unique index refund_requests_one_open
  on merchants.refund_requests (payment_id) where status = 'requested';
create index refund_requests_by_merchant
  on merchants.refund_requests (merchant_id, status, answer_by);
create index refund_requests_by_payer on merchants.refund_requests (payer_user_id, created_at desc);
create index refund_requests_due on merchants.refund_requests (answer_by) where status = 'requested';

-- Money back: pending -> succeeded | failed | canceled. Its amount is reserved on the payment
-- (payments.refunded_minor) when created and given back when it fails or is canceled; the
-- payment's CHECK (refunded_minor between 0 and amount_minor) is the backstop.
create table merchants.refunds (
  id uuid primary key,
  merchant_id uuid not null references merchants.merchants (id),
  payment_id uuid not null references merchants.payments (id),
  payer_user_id uuid not null,
  amount_minor bigint not null check (amount_minor > 0),
  currency char(3) not null,
  reason text not null check (reason in ('requested_by_customer', 'duplicate', 'fraudulent',
    'not_received', 'not_as_described', 'other')),
  status text not null default 'pending'
    check (status in ('pending', 'succeeded', 'failed', 'canceled')),
  failure_reason text check (failure_reason in ('deadline_passed', 'payment_refused')),
  merchant_refund_reference text,
  refund_request_id uuid unique references merchants.refund_requests (id),
  -- The payments engine's attempt: its idempotency key is merchant-refund:<id>:<attempt>.
  attempt integer not null default 0,
  transaction_id uuid unique,
  -- Waiting for the merchant's balance: told to the customer once (day 0).
  waiting_since timestamptz,
  pending_until timestamptz not null,
  created_by uuid,
  created_at timestamptz not null,
  succeeded_at timestamptz,
  failed_at timestamptz,
  canceled_at timestamptz,
  -- The customer's answer to "did it arrive?": received | not_received.
  arrival text check (arrival in ('received', 'not_received')),
  arrival_at timestamptz,
  unique (merchant_id, merchant_refund_reference),
  check ((status = 'failed') = (failure_reason is not null))
);

create index refunds_by_payment on merchants.refunds (payment_id);
create index refunds_by_merchant on merchants.refunds (merchant_id, created_at desc, id desc);
create index refunds_by_payer on merchants.refunds (payer_user_id, created_at desc);
create index refunds_pending on merchants.refunds (created_at) where status = 'pending';
