-- "My account was hacked" as a state support can read: reported (the old password no longer
-- signs in and e-mail, password, phone and two-factor changes are refused), recovered (the owner
-- set a new password from the e-mailed link; sending stays frozen until support unfreezes it).
-- A new report clears recovered_at.
alter table identity.users add column compromise_reported_at timestamptz;
alter table identity.users add column compromise_recovered_at timestamptz;

-- Sign-in failures for addresses without an account, kept like a user's lockout state so that
-- an unknown address locks after the same failures and answers exactly as a registered one:
-- the lock must not tell who has an account. Rows are addresses someone typed; unlocked ones
-- untouched for 30 days are deleted.
create table identity.unknown_address_lockouts (
  email            text primary key check (length(email) <= 254),
  failed_logins    integer not null default 0 check (failed_logins >= 0),
  temporary_locks  integer not null default 0 check (temporary_locks >= 0),
  locked_until     timestamptz,
  locked_hard      boolean not null default false,
  updated_at       timestamptz not null
);
create index unknown_address_lockouts_updated on identity.unknown_address_lockouts (updated_at)
  where not locked_hard;
-- The daily failure count of an unknown address (the hard lock after 10 in 24 hours).
create index login_attempts_unknown_email on identity.login_attempts (lower(email), at desc)
  where user_id is null;
