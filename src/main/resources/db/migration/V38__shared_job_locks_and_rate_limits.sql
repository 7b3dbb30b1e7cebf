-- Cluster-wide state that used to live in each instance's memory.
create schema if not exists shared;

-- ShedLock: one row per scheduled job; an instance runs the job only while it holds the row's
-- lease (lock_until, database time), so each run happens on one instance.
create table shared.shedlock (
  name       varchar(64)  primary key,
  lock_until timestamptz  not null,
  locked_at  timestamptz  not null,
  locked_by  varchar(255) not null
);

-- Fixed-window request counts per (action, client), shared by all instances (IpRateLimiter).
create table shared.rate_windows (
  key          text        primary key check (length(key) <= 200),
  window_start timestamptz not null,
  count        integer     not null check (count >= 1)
);

-- Rail calls per rail and minute, summed over all instances (payments RailHealth).
create table shared.rail_calls (
  rail   text        not null check (length(rail) <= 40),
  minute timestamptz not null,
  calls  integer     not null check (calls >= 0),
  bad    integer     not null check (bad >= 0 and bad <= calls),
  primary key (rail, minute)
);
