-- Two-factor authentication: the TOTP secret of each user who set it up, their single-use
-- recovery codes, and half-finished web sign-ins waiting for the second factor.

-- One row per user who started or finished setting up an authenticator app.
create table identity.two_factor (
  user_id     uuid primary key references identity.users (id),
  -- The 160-bit secret: a format byte, then AES-256-GCM (nonce, ciphertext, tag) under
  -- OKPAY_TWO_FACTOR_KEY, or the bare secret when no key is configured (see SecretBox).
  secret      bytea not null check (length(secret) between 21 and 64),
  started_at  timestamptz not null,
  -- Null while the setup waits for its first code; two-factor is on once this is set.
  enabled_at  timestamptz,
  -- The last TOTP time step (30 s) accepted: only later steps are accepted, so a code cannot
  -- be replayed, not even within its own 90-second window.
  last_step   bigint not null default -1 check (last_step >= -1)
);

-- Stored as SHA-256 of the user id and the code: the codes are 80 random bits (RecoveryCodes).
create table identity.recovery_codes (
  user_id     uuid not null references identity.users (id),
  code_hash   bytea not null check (length(code_hash) = 32),
  created_at  timestamptz not null,
  used_at     timestamptz,
  primary key (user_id, code_hash)
);

-- A web sign-in whose password was right, waiting for the second factor: the browser holds a
-- 256-bit secret, stored here only as its SHA-256; it lives five minutes, opens one session,
-- and dies after a few wrong codes (each of which also counts toward the account's lockout).
create table identity.sign_in_challenges (
  token_hash  bytea primary key check (length(token_hash) = 32),
  user_id     uuid not null references identity.users (id),
  created_at  timestamptz not null,
  expires_at  timestamptz not null,
  failures    integer not null default 0 check (failures >= 0),
  used_at     timestamptz
);
create index sign_in_challenges_user on identity.sign_in_challenges (user_id, expires_at);
