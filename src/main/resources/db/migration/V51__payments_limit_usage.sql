-- Running totals of the daily and monthly limits (issue 14): what each user's transactions of
-- one operation count toward the limits, per UTC day. LimitUsage and the recorder read at most
-- the month's day rows (about 31) instead of every transaction of the month: a payer with
-- 100,000 payments a month made every payment read all of them.
--
-- The totals follow the rows they sum, kept in the same transaction as every change of a row
-- that the limits depend on: a row inserted (by the recorder's multi-row insert, the single
-- path, or anything else), a row moving to 'failed' (failed rows do not count; nothing leaves
-- 'failed'), and a change of its time, user, operation or amount (tests and screenshots move
-- rows into the past; an operator may fix a row by hand). Triggers, so that no writer, present
-- or future, in the application or by hand, can change a row and leave its total behind. They
-- hold no accounting rule: the sum of limit_amount_minor of the rows not failed, grouped by
-- user, operation and UTC day, is the whole definition, and payments.limit_usage_drift (below)
-- compares it with the rows.
--
-- Cost: inserts are summed per statement (a statement trigger over the inserted rows), so the
-- recorder's batch of N payments adds one upsert of at most N groups, not N calls; updates call
-- the function only for the rows whose count changes (the WHEN clause is evaluated without a
-- call), so the usual moves (created -> processing -> completed, rail references, reconciled_at)
-- cost nothing. A day row is upserted under its primary key in key order, so two statements
-- that touch several users' rows take their row locks in one order.
create table payments.limit_usage (
  user_id       uuid not null,
  operation     text not null,
  -- The UTC day of the rows' created_at, as Checks.Window counts days and months.
  day           date not null,
  -- Sum of limit_amount_minor of the user's rows of the operation and day, failed ones not
  -- counted. Zero once all of them failed; the row stays (at most one per day and operation).
  amount_minor  bigint not null,
  primary key (user_id, operation, day)
) with (fillfactor = 80); -- room on the page for the day row's updates to stay HOT

-- Every payment updates its day row: nearly all updates are HOT and pruned on the page, but the
-- few that are not leave index entries and versions on other pages, which the read of the month
-- steps over until vacuum (bench/limits/usage-cost.sql: 330 buffers for a user with 100,000
-- rows before a vacuum, 23 after). PostgreSQL's default waits for a fifth of the table to be
-- dead; vacuum after a fixed number of changes instead, as V46 does for the queues. Only
-- storage parameters: no effect on a server that runs with autovacuum off.
alter table payments.limit_usage set (
  autovacuum_vacuum_scale_factor = 0, autovacuum_vacuum_threshold = 20000);

-- Adds the inserted rows to their totals, one upsert per statement.
create function payments.limit_usage_added() returns trigger language plpgsql as $$
begin
  insert into payments.limit_usage as u (user_id, operation, day, amount_minor)
  select user_id, operation, (created_at at time zone 'UTC')::date, sum(limit_amount_minor)
    from added
   where state <> 'failed' and limit_amount_minor <> 0
   group by 1, 2, 3
   order by 1, 2, 3
  on conflict (user_id, operation, day)
  do update set amount_minor = u.amount_minor + excluded.amount_minor;
  return null;
end;
$$;

create trigger limit_usage_added after insert on payments.transactions
  referencing new table as added
  for each statement execute function payments.limit_usage_added();

-- Adds delta to one total.
create function payments.limit_usage_add(p_user uuid, p_operation text, p_at timestamptz,
    p_delta bigint) returns void language sql as $$
  insert into payments.limit_usage as u (user_id, operation, day, amount_minor)
  values (p_user, p_operation, (p_at at time zone 'UTC')::date, p_delta)
  on conflict (user_id, operation, day)
  do update set amount_minor = u.amount_minor + excluded.amount_minor;
$$;

-- A row that counted and no longer does, or counts elsewhere: take it from its old total,
-- add it to its new one.
create function payments.limit_usage_changed() returns trigger language plpgsql as $$
begin
  if old.state <> 'failed' and old.limit_amount_minor <> 0 then
    perform payments.limit_usage_add(old.user_id, old.operation, old.created_at,
                                     -old.limit_amount_minor);
  end if;
  if tg_op = 'UPDATE' then
    if new.state <> 'failed' and new.limit_amount_minor <> 0 then
      perform payments.limit_usage_add(new.user_id, new.operation, new.created_at,
                                       new.limit_amount_minor);
    end if;
  end if;
  return null;
end;
$$;

create trigger limit_usage_changed
  after update of state, created_at, user_id, operation, limit_amount_minor
  on payments.transactions for each row
  when ((old.state = 'failed', old.user_id, old.operation, old.limit_amount_minor,
         (old.created_at at time zone 'UTC')::date)
        is distinct from
        (new.state = 'failed', new.user_id, new.operation, new.limit_amount_minor,
         (new.created_at at time zone 'UTC')::date))
  execute function payments.limit_usage_changed();

-- Rows are not deleted by the application; if one is, its amount leaves its total.
create trigger limit_usage_deleted after delete on payments.transactions
  for each row execute function payments.limit_usage_changed();

create function payments.limit_usage_truncated() returns trigger language plpgsql as $$
begin
  truncate payments.limit_usage;
  return null;
end;
$$;

create trigger limit_usage_truncated after truncate on payments.transactions
  for each statement execute function payments.limit_usage_truncated();

-- Where the totals and the rows disagree: empty unless something wrote limit_usage by hand.
-- For reconciliation and tests; reads every row of payments.transactions (or of one user).
create view payments.limit_usage_drift as
with summed as (
  select user_id, operation, (created_at at time zone 'UTC')::date as day,
         sum(limit_amount_minor) as amount_minor
    from payments.transactions
   where state <> 'failed' and limit_amount_minor <> 0
   group by 1, 2, 3)
select coalesce(s.user_id, u.user_id) as user_id, coalesce(s.operation, u.operation) as operation,
       coalesce(s.day, u.day) as day, coalesce(s.amount_minor, 0) as rows_minor,
       coalesce(u.amount_minor, 0) as total_minor
  from summed s full join payments.limit_usage u using (user_id, operation, day)
 where coalesce(s.amount_minor, 0) <> coalesce(u.amount_minor, 0);

-- The back-fill. Creating the triggers locked payments.transactions against writes until this
-- migration commits, and this statement's snapshot is taken after that lock: it sees every
-- committed row, and no row can be written between it and the triggers.
insert into payments.limit_usage (user_id, operation, day, amount_minor)
select user_id, operation, (created_at at time zone 'UTC')::date, sum(limit_amount_minor)
  from payments.transactions
 where state <> 'failed' and limit_amount_minor <> 0
 group by 1, 2, 3;
