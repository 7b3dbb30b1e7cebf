-- The timeline of an incident: what was known when (investigating, identified, monitoring,
-- resolved), each with its message and, when it changed, the new impact. The incident row keeps
-- the latest message and impact, so the current state needs no look at the timeline.
create schema if not exists status;

create table status.incident_updates (
  -- Identity order is the timeline's order, also for two updates in the same microsecond.
  id          bigint generated always as identity primary key,
  incident_id uuid not null references status.incidents (id) on delete cascade,
  at          timestamptz not null,
  phase       text not null check (phase in ('investigating', 'identified', 'monitoring', 'resolved')),
  message     text not null check (length(message) between 1 and 2000),
  impact      text check (impact in ('degraded', 'partial_outage', 'major_outage'))
);
create index incident_updates_by_incident on status.incident_updates (incident_id, id);

-- Incidents opened before the timeline existed start with their one message.
insert into status.incident_updates (incident_id, at, phase, message, impact)
select id, created_at, 'investigating', message, impact from status.incidents order by created_at;
insert into status.incident_updates (incident_id, at, phase, message)
select id, resolved_at, 'resolved', 'This incident is resolved. 此故障已解决。'
  from status.incidents where resolved_at is not null order by resolved_at;
