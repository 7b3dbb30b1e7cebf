-- A payment's guards hold the payer's facts in memory per session
-- (identity.internal.PayerFactsCache), among them whether two-factor sign-in is on. Switching it
-- on or off tells every instance at commit, as V45's triggers do for the user's row and
-- sessions: the same channel, the user's id as payload. A TOTP step accepted (last_step) changes
-- nothing a cache holds and does not notify.
create function identity.two_factor_changed() returns trigger
  language plpgsql as $$
begin
  if tg_op = 'TRUNCATE' then
    perform pg_notify('okpay_identity_sessions', '');
  elsif tg_op = 'INSERT' then
    perform pg_notify('okpay_identity_sessions', new.user_id::text);
  else
    perform pg_notify('okpay_identity_sessions', old.user_id::text);
    if tg_op = 'UPDATE' and new.user_id is distinct from old.user_id then
      perform pg_notify('okpay_identity_sessions', new.user_id::text);
    end if;
  end if;
  return null;
end;
$$;

create trigger two_factor_inserted
  after insert on identity.two_factor for each row
  when (new.enabled_at is not null)
  execute function identity.two_factor_changed();

create trigger two_factor_switched
  after update on identity.two_factor for each row
  when (old.enabled_at is distinct from new.enabled_at or old.user_id is distinct from new.user_id)
  execute function identity.two_factor_changed();

create trigger two_factor_deleted
  after delete on identity.two_factor for each row
  execute function identity.two_factor_changed();

create trigger two_factor_truncated
  after truncate on identity.two_factor for each statement
  execute function identity.two_factor_changed();
