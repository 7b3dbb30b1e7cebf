-- Reversals of completed transactions by support staff (issue 11, "agent console").
-- The request and its approval live in support: the workflow is support's (who asked, who
-- approved, why). The money moves through the payments engine as a transaction of its own
-- (operation 'reversal' in payments.transactions), so payments stays the one owner of money rows.
create schema if not exists support;

create table support.reversal_requests (
  id                       uuid primary key,
  transaction_id           uuid not null,
  reversal_transaction_id  uuid,
  payer_user_id            uuid not null,
  payer_email              text not null,
  recipient_user_id        uuid not null,
  recipient_email          text not null,
  amount_minor             bigint not null check (amount_minor > 0),
  currency                 char(3) not null check (currency ~ '^[A-Z]{3}$'),
  requested_by             uuid not null,
  requested_by_email       text not null,
  reason                   text not null check (length(btrim(reason)) between 1 and 500),
  second_approval_required boolean not null,
  status                   text not null check (status in
                             ('pending_approval', 'approved', 'executed', 'rejected', 'failed')),
  approved_by              uuid,
  approved_by_email        text,
  rejected_by              uuid,
  rejected_by_email        text,
  decision_reason          text check (decision_reason is null
                             or length(btrim(decision_reason)) between 1 and 500),
  decided_at               timestamptz,
  failure_code             text,
  executed_at              timestamptz,
  idempotency_key          text not null,
  request_hash             text not null,
  created_at               timestamptz not null,
  updated_at               timestamptz not null,
  -- The two-person rule, in the database too: nobody approves their own request, however the
  -- row is written.
  constraint reversal_not_own_approval check (approved_by is null or approved_by <> requested_by),
  -- Above the threshold a request is carried out only with a second person's approval.
  constraint reversal_second_approval check (not second_approval_required
    or status in ('pending_approval', 'rejected') or approved_by is not null),
  constraint reversal_decision_has_reason check (status not in ('rejected')
    or (rejected_by is not null and decision_reason is not null)),
  constraint reversal_idempotency unique (requested_by, idempotency_key)
);

-- One live request per transaction: a transaction is reversed at most once. A rejected or
-- failed request leaves room for a new one.
create unique index reversal_requests_one_per_transaction
  on support.reversal_requests (transaction_id) where status not in ('rejected', 'failed');

create index reversal_requests_by_status on support.reversal_requests (status, created_at);

-- The status moves only forward: pending_approval -> approved | rejected, approved -> executed |
-- failed; a decided request is never changed again, who asked and what is never rewritten, an
-- approver once recorded stays, and no row is deleted.
create function support.reversal_requests_forward() returns trigger language plpgsql as $$
begin
  if tg_op = 'DELETE' then
    raise exception 'reversal requests are never deleted' using errcode = 'integrity_constraint_violation';
  end if;
  if old.status in ('executed', 'rejected', 'failed') then
    raise exception 'reversal request % is % and cannot change', old.id, old.status
      using errcode = 'integrity_constraint_violation';
  end if;
  if new.id <> old.id or new.transaction_id <> old.transaction_id
     or new.amount_minor <> old.amount_minor or new.currency <> old.currency
     or new.requested_by <> old.requested_by or new.reason <> old.reason
     or new.payer_user_id <> old.payer_user_id or new.recipient_user_id <> old.recipient_user_id
     or new.second_approval_required <> old.second_approval_required
     or new.idempotency_key <> old.idempotency_key or new.created_at <> old.created_at
     or (old.approved_by is not null and new.approved_by is distinct from old.approved_by) then
    raise exception 'reversal request % cannot be rewritten', old.id
      using errcode = 'integrity_constraint_violation';
  end if;
  if new.status <> old.status and not (
       (old.status = 'pending_approval' and new.status in ('approved', 'rejected'))
    or (old.status = 'approved' and new.status in ('executed', 'failed'))) then
    raise exception 'reversal request % cannot move from % to %', old.id, old.status, new.status
      using errcode = 'integrity_constraint_violation';
  end if;
  return new;
end $$;

create trigger reversal_requests_forward
  before update or delete on support.reversal_requests
  for each row execute function support.reversal_requests_forward();
