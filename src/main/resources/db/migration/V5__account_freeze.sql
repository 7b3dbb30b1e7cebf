-- "My account was hacked": outgoing money movement stays frozen until a support agent lifts it.
alter table identity.users add column frozen_at timestamptz;
