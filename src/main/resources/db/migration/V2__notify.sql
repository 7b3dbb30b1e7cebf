-- The notify module's tables: the outbox every notification passes through, in-app
-- notifications, and the development mailbox that stands in for SMTP when none is configured.
create schema if not exists notify;

-- One row per e-mail or in-app notification to deliver. Written in the caller's transaction;
-- the dispatcher claims due rows by moving next_attempt_at one lease ahead under claim_token.
create table notify.outbox (
  id               bigint generated always as identity primary key,
  channel          text    not null check (channel in ('email', 'in_app')),
  -- An e-mail address (email) or a user id (in_app).
  recipient        text    not null check (length(recipient) between 1 and 254),
  locale           text    not null check (locale in ('en', 'zh-CN')),
  template         text    not null check (template ~ '^[a-z0-9-]{1,64}$'),
  variables        jsonb   not null default '{}'::jsonb,
  link             text    check (length(link) <= 512),
  dedup_key        text    check (length(dedup_key) between 1 and 128),
  -- SHA-256 of what makes two requests the same: tells a replay from a reused dedup key.
  request_hash     bytea   not null check (length(request_hash) = 32),
  status           text    not null default 'pending' check (status in ('pending', 'sent', 'failed')),
  attempts         integer not null default 0 check (attempts between 0 and 100),
  next_attempt_at  timestamptz not null default clock_timestamp(),
  last_attempt_at  timestamptz,
  claim_token      uuid,
  last_error       text    check (length(last_error) <= 500),
  created_at       timestamptz not null default clock_timestamp(),
  sent_at          timestamptz,
  constraint outbox_sent_at_iff_sent check ((status = 'sent') = (sent_at is not null))
);

create unique index outbox_dedup_key on notify.outbox (channel, dedup_key)
  where dedup_key is not null;
-- The dispatcher's work list.
create index outbox_due on notify.outbox (next_attempt_at, id) where status = 'pending';
-- The retention janitor's.
create index outbox_done_created on notify.outbox (created_at) where status <> 'pending';

-- In-app notifications, one per delivered in_app outbox row. No foreign key to the outbox:
-- outbox rows are purged long before notifications.
create table notify.notifications (
  id          bigint generated always as identity primary key,
  outbox_id   bigint not null unique,
  user_id     text   not null check (length(user_id) between 1 and 64),
  template    text   not null check (length(template) between 1 and 64),
  title       text   not null check (length(title) <= 500),
  body        text   not null check (length(body) <= 5000),
  link        text   check (length(link) <= 512),
  created_at  timestamptz not null default clock_timestamp(),
  read_at     timestamptz
);

create index notifications_user_newest on notify.notifications (user_id, id desc);
create index notifications_user_unread on notify.notifications (user_id) where read_at is null;
create index notifications_created on notify.notifications (created_at);

-- Mailbox mode only: the e-mails that would have been sent, newest kept, shown at /dev/mailbox.
create table notify.mailbox (
  id            bigint generated always as identity primary key,
  outbox_id     bigint not null unique,
  to_address    text   not null check (length(to_address) <= 254),
  from_address  text   not null check (length(from_address) <= 320),
  subject       text   not null check (length(subject) <= 1000),
  html_body     text   not null check (length(html_body) <= 1000000),
  text_body     text   not null check (length(text_body) <= 1000000),
  locale        text   not null check (locale in ('en', 'zh-CN')),
  template      text   not null check (length(template) between 1 and 64),
  created_at    timestamptz not null default clock_timestamp()
);

create index mailbox_to_newest on notify.mailbox (lower(to_address), id desc);
