-- The identity module's tables: users, their credentials and lockout state, sessions (web
-- cookies and API tokens alike), single-use e-mail tokens, and every login attempt.
create schema if not exists identity;

create table identity.users (
  id                   uuid primary key,
  email                text not null check (length(email) between 3 and 254),
  email_verified_at    timestamptz,
  display_name         text not null check (length(display_name) between 1 and 80),
  language             text not null check (language in ('en', 'zh-CN')),
  country              char(2) not null,
  default_currency     char(3) not null,
  role                 text not null check (role in ('customer', 'merchant', 'agent', 'admin')),
  password_hash        text not null,
  password_changed_at  timestamptz not null,
  -- Lockout: consecutive failures since the last success, how many temporary locks so far
  -- (each one twice as long), until when the current one lasts, and the lock that only a
  -- password reset or a support agent lifts.
  failed_logins        integer not null default 0 check (failed_logins >= 0),
  temporary_locks      integer not null default 0 check (temporary_locks >= 0),
  locked_until         timestamptz,
  locked_hard          boolean not null default false,
  created_at           timestamptz not null default now()
);
create unique index users_email_unique on identity.users (lower(email));

-- Web sessions and API tokens: an opaque random secret held by the client, stored here only as
-- its SHA-256, so a database leak gives no usable session.
create table identity.sessions (
  id                   uuid primary key,
  user_id              uuid not null references identity.users (id),
  kind                 text not null check (kind in ('web', 'api')),
  token_hash           bytea not null unique,
  ip                   text,
  user_agent           text check (length(user_agent) <= 512),
  created_at           timestamptz not null,
  last_seen_at         timestamptz not null,
  idle_timeout_seconds integer not null check (idle_timeout_seconds > 0),
  expires_at           timestamptz not null,
  revoked_at           timestamptz
);
create index sessions_user on identity.sessions (user_id, created_at desc);

-- Links sent by e-mail (verify the address, reset the password): stored hashed, single use.
create table identity.email_tokens (
  token_hash  bytea primary key,
  user_id     uuid not null references identity.users (id),
  purpose     text not null check (purpose in ('verify_email', 'reset_password')),
  created_at  timestamptz not null,
  expires_at  timestamptz not null,
  used_at     timestamptz
);
create index email_tokens_user on identity.email_tokens (user_id, purpose);

create table identity.login_attempts (
  id          bigint generated always as identity primary key,
  user_id     uuid references identity.users (id),
  email       text not null,
  at          timestamptz not null,
  ip          text,
  user_agent  text check (length(user_agent) <= 512),
  result      text not null check (result in ('success', 'failure', 'locked')),
  reason      text not null
);
create index login_attempts_user_at on identity.login_attempts (user_id, at desc);
