-- Phone numbers (issue #4: "send to another user by e-mail or phone"). A user may give one
-- mobile number, kept in E.164 ('+', country code, number: 8 to 15 digits). It can be paid to
-- only once it is confirmed with a code (phone_confirmed_at).
alter table identity.users
  add column phone text check (phone ~ '^\+[1-9][0-9]{7,14}$'),
  add column phone_confirmed_at timestamptz,
  add constraint users_phone_confirmed_has_phone
    check (phone_confirmed_at is null or phone is not null);

-- One user per confirmed number. Unconfirmed numbers may repeat: a claim nobody proved must not
-- stop the number's real owner from adding it.
create unique index users_phone_unique on identity.users (phone)
  where phone_confirmed_at is not null;

-- The pending confirmation code of a user's number, at most one per user: Argon2id-hashed,
-- single use, dead at its expiry or when its tries are used up.
create table identity.phone_codes (
  user_id     uuid primary key references identity.users (id),
  phone       text not null check (phone ~ '^\+[1-9][0-9]{7,14}$'),
  code_hash   text not null check (length(code_hash) <= 200),
  created_at  timestamptz not null,
  expires_at  timestamptz not null,
  tries_left  integer not null check (tries_left between 0 and 5)
);
