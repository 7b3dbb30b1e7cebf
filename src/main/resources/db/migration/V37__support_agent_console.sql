-- Support (issue 11), agent console: canned replies in both languages and the e-mails the IMAP
-- poller took in. The cases helper's migration (V31) makes the case tables; this one may run
-- before it, so it creates the schema if needed and refers to cases by id only.
create schema if not exists support;

-- A canned reply has both languages: the reply form picks the one of the case's language.
-- Placeholders such as {name} and {reference} are filled when an agent uses it.
create table support.canned_replies (
  id         uuid primary key,
  title_en   text not null check (length(title_en) between 1 and 120),
  title_zh   text not null check (length(title_zh) between 1 and 120),
  body_en    text not null check (length(body_en) between 1 and 5000),
  body_zh    text not null check (length(body_zh) between 1 and 5000),
  created_by uuid,
  updated_by uuid,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create unique index canned_replies_title_en on support.canned_replies (lower(title_en));

-- Every e-mail the poller handled, once per Message-ID (the primary key is the dedupe: a mail
-- seen again after a crash between the commit and the IMAP flag is not added twice).
-- outcome: accepted (added to case_id), no_case (no reference of a case we know),
-- wrong_sender (From is not the case's contact address), empty (nothing left after stripping
-- the quoted history), refused (the case takes no reply, e.g. closed), auto_reply (an
-- out-of-office or other automatic message: never added, so two responders cannot loop).
create table support.inbound_mails (
  message_id   text primary key check (length(message_id) between 1 and 998),
  outcome      text not null check (outcome in ('accepted', 'no_case', 'wrong_sender', 'empty',
                                                'refused', 'auto_reply')),
  case_id      uuid,
  from_address text check (length(from_address) <= 320),
  subject      text check (length(subject) <= 500),
  received_at  timestamptz not null default now(),
  check (outcome <> 'accepted' or case_id is not null)
);
create index inbound_mails_received on support.inbound_mails (received_at desc);
