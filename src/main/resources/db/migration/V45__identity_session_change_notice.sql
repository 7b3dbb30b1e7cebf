-- Every instance holds the signed-in user of recently used session secrets in memory
-- (identity.internal.SessionCache) instead of reading identity.sessions joined with
-- identity.users on every request. Any change that could end a session or alter what a request
-- sees of its user tells every instance at commit (NOTIFY is transactional), with the user's id
-- as payload: each drops that user's entries. Only the columns that change on every request or
-- sign-in attempt are left out (a session's last-seen time, a user's lockout counters), so a
-- column added later notifies without anyone remembering to add it. Not business logic: the
-- triggers only say "this user changed".
create function identity.sessions_changed() returns trigger
  language plpgsql as $$
begin
  if tg_op = 'TRUNCATE' then
    perform pg_notify('okpay_identity_sessions', '');
  elsif tg_op = 'DELETE' then
    perform pg_notify('okpay_identity_sessions', old.user_id::text);
  else
    perform pg_notify('okpay_identity_sessions', old.user_id::text);
    if new.user_id is distinct from old.user_id then
      perform pg_notify('okpay_identity_sessions', new.user_id::text);
    end if;
  end if;
  return null;
end;
$$;

create trigger sessions_changed
  after update on identity.sessions for each row
  when (to_jsonb(old) - array['last_seen_at'] is distinct from to_jsonb(new) - array['last_seen_at'])
  execute function identity.sessions_changed();

create trigger sessions_deleted
  after delete on identity.sessions for each row
  execute function identity.sessions_changed();

create trigger sessions_truncated
  after truncate on identity.sessions for each statement
  execute function identity.sessions_changed();

create function identity.users_changed() returns trigger
  language plpgsql as $$
begin
  if tg_op = 'TRUNCATE' then
    perform pg_notify('okpay_identity_sessions', '');
  else
    perform pg_notify('okpay_identity_sessions', old.id::text);
  end if;
  return null;
end;
$$;

create trigger users_changed
  after update on identity.users for each row
  when (to_jsonb(old) - array['failed_logins', 'temporary_locks', 'locked_until', 'locked_hard']
        is distinct from
        to_jsonb(new) - array['failed_logins', 'temporary_locks', 'locked_until', 'locked_hard'])
  execute function identity.users_changed();

create trigger users_deleted
  after delete on identity.users for each row
  execute function identity.users_changed();

create trigger users_truncated
  after truncate on identity.users for each statement
  execute function identity.users_changed();
