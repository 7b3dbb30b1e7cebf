-- What a page's form was filled with, kept between a POST and the GET it redirects to
-- (Post/Redirect/Get): a payment's review is a GET of its draft, and a refused form is shown
-- again from its draft, so reloading, going back or switching the language never re-posts and
-- never loses what was typed. Stored in the database rather than an HTTP session because the
-- application runs as several stateless instances. Passwords, card numbers, CVCs and codes are
-- never put here. A draft belongs to the signed-in user who made it (user_id null only for
-- forms used signed out: sign-in, registration, password reset); it expires after 30 minutes and
-- expired rows are deleted as new ones are written.
create schema if not exists web;
create table web.form_drafts (
  id          uuid primary key,
  user_id     uuid,
  form        text not null check (length(form) <= 80),
  fields      jsonb not null,
  problem     jsonb,
  created_at  timestamptz not null default now(),
  expires_at  timestamptz not null
);
create index form_drafts_expires on web.form_drafts (expires_at);
