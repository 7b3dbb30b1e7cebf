-- Support cases (issue 11, "Cases"). See docs/support-cases.md.
create schema if not exists support;

-- One case: open -> waiting_on_customer | waiting_on_agent -> resolved -> closed (resolved may
-- be reopened within 7 days). Every SLA moment is stored, not derived, so the queue sorts and
-- the SLA job scans by index; a pause (waiting_on_customer) shifts the running ones on resume.
create table support.cases (
  id uuid primary key,
  -- What the customer quotes and e-mail subjects carry, e.g. C-20261207-4F2K.
  reference text not null unique check (reference ~ '^C-[0-9]{8}-[0-9A-Z]{4}$'),
  -- Null for a case opened while signed out: then it belongs to contact_email only.
  customer_id uuid,
  contact_email text not null check (length(contact_email) between 3 and 254),
  language text not null check (language in ('en', 'zh-CN')),
  category text not null check (category in ('sign_in', 'payment_failed',
    'money_not_received', 'account_security', 'refund', 'other')),
  priority text not null check (priority in ('urgent', 'high', 'normal')),
  status text not null check (status in ('open', 'waiting_on_customer', 'waiting_on_agent',
    'resolved', 'closed')),
  subject text not null check (length(subject) between 1 and 200),
  link_type text check (link_type in ('transaction', 'refund', 'refund_request', 'dispute',
    'complaint')),
  link_id uuid,
  -- Opening is idempotent on it (complaint:<id>, compromise:<user>:<ms>, api:<user>:<key> ...);
  -- source_hash is a SHA-256 of what was asked, so a key replayed with other fields is told.
  source_key text not null unique check (length(source_key) between 1 and 200),
  source_hash text not null,
  channel text not null check (channel in ('web', 'api', 'email', 'phone', 'system')),
  assignee_id uuid,
  opened_at timestamptz not null,
  -- The reply target: first_reply_due_at runs until first_replied_at; after that a customer
  -- message starts next_reply_due_at (the same length) and an agent reply ends it.
  -- reply_warn_at is 80 % of whichever reply target runs (null when none runs).
  first_reply_due_at timestamptz not null,
  first_replied_at timestamptz,
  next_reply_due_at timestamptz,
  reply_warn_at timestamptz,
  resolve_due_at timestamptz not null,
  resolve_warn_at timestamptz not null,
  -- Set while waiting_on_customer; on resume every running target moves by the pause.
  paused_since timestamptz,
  paused_total_ms bigint not null default 0 check (paused_total_ms >= 0),
  sla_state text not null default 'ok' check (sla_state in ('ok', 'warning', 'breached')),
  escalated_at timestamptz,
  resolved_at timestamptz,
  closed_at timestamptz,
  rating smallint check (rating between 1 and 5),
  rating_comment text check (length(rating_comment) <= 1000),
  rated_at timestamptz,
  -- A case opened more than 7 days after the old one was resolved points at it.
  repeat_of uuid references support.cases (id),
  reopen_count integer not null default 0 check (reopen_count >= 0),
  reopened_at timestamptz,
  updated_at timestamptz not null,
  check ((link_type is null) = (link_id is null)),
  check ((status = 'waiting_on_customer') = (paused_since is not null)),
  check (status not in ('resolved', 'closed') or resolved_at is not null or closed_at is not null)
);

create index cases_by_customer on support.cases (customer_id, opened_at desc, id desc);
create index cases_by_email on support.cases (lower(contact_email), opened_at desc);
create index cases_by_link on support.cases (link_type, link_id);
-- The agent queue: running cases by their next due moment.
create index cases_running on support.cases (
  least(coalesce(next_reply_due_at, first_reply_due_at), resolve_due_at))
  where status in ('open', 'waiting_on_agent');
-- The SLA job: running cases not yet breached.
create index cases_sla on support.cases (least(coalesce(reply_warn_at, resolve_warn_at),
  resolve_warn_at)) where status in ('open', 'waiting_on_agent') and sla_state <> 'breached';

-- The thread. Internal notes (internal = true) are for agents only and never shown to the
-- customer. email_message_id is the RFC 5322 Message-ID of an e-mail that became this message,
-- so the IMAP poller stores each e-mail once.
create table support.case_messages (
  id uuid primary key,
  case_id uuid not null references support.cases (id),
  author_type text not null check (author_type in ('customer', 'agent', 'system')),
  author_id uuid,
  body text not null check (length(body) between 1 and 10000),
  internal boolean not null default false,
  via text not null check (via in ('web', 'email', 'phone', 'api', 'system')),
  email_message_id text unique check (length(email_message_id) <= 998),
  created_at timestamptz not null,
  check (not internal or author_type = 'agent')
);

create index case_messages_by_case on support.case_messages (case_id, created_at, id);

-- Files sent with a message: at most 5 MB, PNG, JPEG, PDF or plain text, stored here and only
-- ever served as a download (Content-Disposition: attachment, nosniff).
create table support.case_attachments (
  id uuid primary key,
  case_id uuid not null references support.cases (id),
  message_id uuid not null references support.case_messages (id),
  file_name text not null check (length(file_name) between 1 and 255),
  content_type text not null check (content_type in ('image/png', 'image/jpeg',
    'application/pdf', 'text/plain')),
  size_bytes integer not null check (size_bytes between 1 and 5242880),
  sha256 text not null,
  content bytea not null,
  created_at timestamptz not null,
  check (octet_length(content) = size_bytes)
);

create index case_attachments_by_case on support.case_attachments (case_id, created_at);

-- What happened to a case besides messages: status and priority moves, assignment, SLA
-- warnings, breaches and escalations, reopen, rating. Agents see it; customers see status moves.
create table support.case_events (
  id bigint generated always as identity primary key,
  case_id uuid not null references support.cases (id),
  kind text not null check (kind in ('opened', 'status', 'priority', 'assigned', 'sla_warning',
    'sla_breached', 'escalated', 'reopened', 'rated', 'callback')),
  actor_type text not null check (actor_type in ('customer', 'agent', 'system')),
  actor_id uuid,
  from_value text,
  to_value text,
  created_at timestamptz not null
);

create index case_events_by_case on support.case_events (case_id, id);

-- "Call me back": a phone number in E.164 and a window in the future; the agent queue shows
-- the requested ones.
create table support.callbacks (
  id uuid primary key,
  case_id uuid not null references support.cases (id),
  phone text not null check (phone ~ '^\+[1-9][0-9]{6,14}$'),
  window_start timestamptz not null,
  window_end timestamptz not null,
  state text not null default 'requested' check (state in ('requested', 'done', 'canceled')),
  created_at timestamptz not null,
  updated_at timestamptz not null,
  done_by uuid,
  check (window_end > window_start)
);

create index callbacks_requested on support.callbacks (window_start) where state = 'requested';
create index callbacks_by_case on support.callbacks (case_id, created_at);
