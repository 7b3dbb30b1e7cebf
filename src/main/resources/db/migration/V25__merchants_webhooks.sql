-- The merchants module (issue 10), part three: webhook endpoints and their durable outbox.
-- The schema and merchants.merchants are M-core's (V23).

-- A merchant's endpoint (at most 10 per merchant, enforced by the service under an advisory lock).
-- secret / previous_secret are Standard Webhooks secrets (whsec_<base64>): they must be kept in
-- the clear, since every delivery is signed with them. After a rotation the previous secret signs
-- too until previous_secret_expires_at (24 h).
-- failing_since: when the current run of failed attempts began (null after any success); three
-- days of failures disable the endpoint (disabled_reason 'failing'); a 410 Gone answer disables it
-- at once ('gone'); the merchant may disable it ('merchant').
create table merchants.webhook_endpoints (
  id                          uuid primary key,
  merchant_id                 uuid not null references merchants.merchants (id),
  url                         text not null check (length(url) between 8 and 2048),
  description                 text check (length(description) <= 200),
  event_types                 text[] not null check (cardinality(event_types) between 1 and 20),
  secret                      text not null check (secret like 'whsec_%'),
  previous_secret             text check (previous_secret like 'whsec_%'),
  previous_secret_expires_at  timestamptz,
  enabled                     boolean not null,
  disabled_reason             text check (disabled_reason in ('merchant', 'gone', 'failing')),
  disabled_at                 timestamptz,
  failing_since               timestamptz,
  created_at                  timestamptz not null,
  updated_at                  timestamptz not null,
  constraint webhook_endpoints_disabled check (enabled = (disabled_reason is null)),
  constraint webhook_endpoints_previous check
    ((previous_secret is null) = (previous_secret_expires_at is null))
);
create index webhook_endpoints_by_merchant on merchants.webhook_endpoints (merchant_id, created_at);

-- The outbox: one row per (endpoint, event), written in the transaction of the change that made
-- the event, so a webhook commits (or rolls back) with it. payload is the exact body that is
-- signed and sent, the same bytes on every attempt.
-- A claim moves next_attempt_at one lease ahead and stamps claim_token; only the claimant may
-- record the outcome. manual: a resend of a finished delivery, tried once.
create table merchants.webhook_deliveries (
  id                uuid primary key,
  endpoint_id       uuid not null references merchants.webhook_endpoints (id) on delete cascade,
  merchant_id       uuid not null, -- the endpoint's merchant, copied for scoped reads
  event_id          uuid not null,
  event_type        text not null,
  payload           text not null check (length(payload) <= 8192),
  status            text not null check (status in ('pending', 'succeeded', 'failed')),
  attempts          int not null default 0 check (attempts between 0 and 1000),
  next_attempt_at   timestamptz,
  claim_token       uuid,
  manual            boolean not null default false,
  last_status_code  int,
  created_at        timestamptz not null,
  finished_at       timestamptz,
  constraint webhook_deliveries_once unique (endpoint_id, event_id),
  constraint webhook_deliveries_due check ((status = 'pending') = (next_attempt_at is not null))
);
create index webhook_deliveries_due on merchants.webhook_deliveries (next_attempt_at)
  where status = 'pending';
create index webhook_deliveries_log on merchants.webhook_deliveries (endpoint_id, created_at desc, id);

-- The delivery log: one row per attempt.
-- status_code null: no HTTP answer (error says why: timeout, refused, private address).
create table merchants.webhook_attempts (
  delivery_id       uuid not null references merchants.webhook_deliveries (id) on delete cascade,
  attempt           int not null check (attempt >= 1),
  attempted_at      timestamptz not null,
  status_code       int,
  duration_ms       int not null check (duration_ms >= 0),
  response_excerpt  text check (octet_length(response_excerpt) <= 4096),
  error             text check (length(error) <= 500),
  next_attempt_at   timestamptz,
  primary key (delivery_id, attempt)
);
