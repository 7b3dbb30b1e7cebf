-- Spring Modulith's event publication registry (spring-modulith-events-jdbc, schema v2 for
-- PostgreSQL, as shipped in its jar): an event for a module listener is stored in the
-- publishing transaction and marked completed when the listener has handled it, so a crash
-- between two modules loses nothing (docs/events.md). Created here rather than by the
-- library's schema initialization, so Flyway owns every table.
create table event_publication (
  id                     uuid not null primary key,
  listener_id            text not null,
  event_type             text not null,
  serialized_event       text not null,
  publication_date       timestamptz not null,
  completion_date        timestamptz,
  status                 text,
  completion_attempts    int,
  last_resubmission_date timestamptz
);
create index event_publication_serialized_event_hash_idx on event_publication
  using hash (serialized_event);
create index event_publication_by_completion_date_idx on event_publication (completion_date);
-- No event_publication_archive: completion-mode is delete (application.yml). Switching to
-- archive would need it (create table ... (like event_publication including all)).
