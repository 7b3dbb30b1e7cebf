-- Issue 11, help center: the anti-phishing phrase every genuine OKPay e-mail shows its owner, and
-- the single-use links of "my account was hacked" asked for while signed out. Both belong to
-- identity (the phrase is a secret of the account; the link freezes it), in tables of their own
-- so that the users row and the e-mail tokens' purposes stay as they are.

create table identity.anti_phishing_phrases (
  user_id     uuid primary key references identity.users (id),
  -- 3..32 characters, no markup and no line breaks (checked again here: the e-mail shows it).
  phrase      text not null check (char_length(phrase) between 3 and 32
                                   and phrase !~ '[<>\r\n\t]'),
  updated_at  timestamptz not null
);

create table identity.freeze_links (
  token_hash   bytea primary key check (length(token_hash) = 32),
  user_id      uuid not null references identity.users (id),
  created_at   timestamptz not null,
  expires_at   timestamptz not null check (expires_at > created_at),
  used_at      timestamptz,
  requested_ip text check (length(requested_ip) <= 64)
);
create index freeze_links_live on identity.freeze_links (user_id) where used_at is null;
