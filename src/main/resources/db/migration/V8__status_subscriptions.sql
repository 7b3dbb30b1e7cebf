-- E-mail subscriptions to incidents: double opt-in. The confirmation secret is stored hashed;
-- the unsubscribe token is kept as it is, because every incident e-mail carries it (the worst a
-- leak allows is unsubscribing someone).
create table status.subscriptions (
  id            uuid primary key,
  email         text not null check (length(email) between 3 and 254),
  locale        text not null check (locale in ('en', 'zh-CN')),
  token_hash    bytea not null unique,
  unsubscribe_token text not null unique,
  created_at    timestamptz not null,
  confirmed_at  timestamptz
);
create unique index subscriptions_email_unique on status.subscriptions (lower(email));
