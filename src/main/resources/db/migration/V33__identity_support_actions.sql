-- Support's account actions in the agent console (issue 11): who froze an account, the
-- checklists staff ticked before lifting a "hacked" freeze or resetting two-factor, and
-- indexes for finding a customer by the start of their address, name or phone number.
create schema if not exists support;

-- Who froze outgoing money: 'support' (the console's freeze); null means the owner's "my
-- account was hacked" report, the only freeze before this migration. Kept as written when the
-- freeze is lifted; read only while frozen_at is set.
alter table identity.users add column frozen_by text check (frozen_by in ('owner', 'support'));

-- The ticks of a checklist, stored with the decision they allowed. A "hacked" unfreeze also
-- keeps the moment the server saw the new password (compromise_recovered_at), so the record
-- shows the check was made, not just ticked.
create table identity.support_checklists (
  id                   uuid primary key,
  user_id              uuid not null references identity.users (id),
  -- null: the operator token
  staff_id             uuid references identity.users (id),
  action               text not null check (action in ('unfreeze', 'reset_two_factor')),
  items                text[] not null check (cardinality(items) between 1 and 10),
  password_changed_at  timestamptz,
  reported_at          timestamptz,
  reason               text not null check (length(reason) between 1 and 500),
  created_at           timestamptz not null
);
create index support_checklists_user on identity.support_checklists (user_id, created_at desc);

create index users_email_prefix on identity.users (lower(email) text_pattern_ops);
create index users_name_prefix on identity.users (lower(display_name) text_pattern_ops);
create index users_phone_prefix on identity.users (phone text_pattern_ops) where phone is not null;
