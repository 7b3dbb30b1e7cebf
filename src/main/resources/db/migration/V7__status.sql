-- The status module: scheduled maintenance windows and incidents, per component.
create schema if not exists status;

create table status.maintenance_windows (
  id          uuid primary key,
  title       text not null check (length(title) between 1 and 200),
  components  text[] not null check (cardinality(components) between 1 and 16),
  starts_at   timestamptz not null,
  ends_at     timestamptz not null,
  created_at  timestamptz not null,
  constraint maintenance_window_order check (ends_at > starts_at)
);
create index maintenance_windows_ends_at on status.maintenance_windows (ends_at);

create table status.incidents (
  id          uuid primary key,
  title       text not null check (length(title) between 1 and 200),
  components  text[] not null check (cardinality(components) between 1 and 16),
  impact      text not null check (impact in ('degraded', 'partial_outage', 'major_outage')),
  message     text not null check (length(message) between 1 and 2000),
  created_at  timestamptz not null,
  resolved_at timestamptz
);
create index incidents_open on status.incidents (created_at) where resolved_at is null;
