-- The merchants module (issue 10), part one: merchants, their staff and invites, and API keys.
-- Checkout (V24), webhooks (V25) and refunds (V26) add their own tables to this schema.
create schema if not exists merchants;

create table merchants.merchants (
  id                    uuid primary key,
  owner_user_id         uuid not null,
  business_name         text not null check (length(business_name) between 1 and 100),
  category              text not null check (category in
                          ('retail', 'digital_goods', 'food_and_drink', 'travel', 'services',
                           'education', 'charity')),
  country               char(2) not null,
  website               text check (length(website) <= 200),
  support_email         text not null check (length(support_email) between 3 and 254),
  settlement_currency   char(3) not null,
  refund_policy         text not null check (length(refund_policy) between 1 and 2000),
  refund_window_days    int not null default 180 check (refund_window_days between 1 and 365),
  verification          text not null check (verification in ('pending', 'verified', 'rejected')),
  verified_at           timestamptz,
  created_at            timestamptz not null,
  constraint merchants_verified_at check ((verification = 'verified') = (verified_at is not null))
);
create index merchants_by_owner on merchants.merchants (owner_user_id, created_at);

-- Who works for a merchant, and as what. The owner who onboarded is the first row.
create table merchants.staff (
  merchant_id           uuid not null references merchants.merchants (id),
  user_id               uuid not null,
  role                  text not null check (role in ('owner', 'developer', 'support')),
  created_at            timestamptz not null,
  primary key (merchant_id, user_id)
);
create index staff_by_user on merchants.staff (user_id);

-- An owner's invitation to an e-mail address (stored lower-case); only the signed-in user with
-- that verified address may accept it. At most one open invitation per merchant and address.
create table merchants.invites (
  id                    uuid primary key,
  merchant_id           uuid not null references merchants.merchants (id),
  email                 text not null check (length(email) between 3 and 254 and email = lower(email)),
  role                  text not null check (role in ('owner', 'developer', 'support')),
  invited_by            uuid not null,
  created_at            timestamptz not null,
  expires_at            timestamptz not null,
  accepted_by           uuid,
  accepted_at           timestamptz,
  canceled_at           timestamptz,
  constraint invites_accepted check ((accepted_by is null) = (accepted_at is null))
);
create unique index invites_open on merchants.invites (merchant_id, email)
  where accepted_at is null and canceled_at is null;
create index invites_by_email on merchants.invites (email) where accepted_at is null and canceled_at is null;

-- API keys: only the SHA-256 of the whole secret is kept, and a prefix to recognise it by.
-- scopes: {"payments": "write", ...} per resource (a secret key has write on every resource).
create table merchants.api_keys (
  id                    uuid primary key,
  merchant_id           uuid not null references merchants.merchants (id),
  name                  text not null check (length(name) between 1 and 60),
  kind                  text not null check (kind in ('secret', 'restricted')),
  prefix                text not null check (length(prefix) between 1 and 40),
  secret_hash           bytea not null unique check (length(secret_hash) = 32),
  scopes                jsonb not null,
  created_by            uuid,
  created_at            timestamptz not null,
  expires_at            timestamptz,
  revoked_at            timestamptz,
  last_used_at          timestamptz,
  rolled_to             uuid references merchants.api_keys (id)
);
create index api_keys_by_merchant on merchants.api_keys (merchant_id, created_at);
