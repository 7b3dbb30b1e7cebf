-- The tamper-evident audit log (issue 11, docs/support-audit.md). Rows form one hash chain per
-- chain name (the action's module: identity, merchants, support, ...): seq 1, 2, 3 ... with
-- hash = SHA-256(prev_hash || canonical form of the row), prev_hash of seq 1 being 32 zero bytes.
-- Hashes are lower-case hex. The application only ever inserts; the triggers below refuse every
-- UPDATE, DELETE and TRUNCATE, so a change needs someone who can switch triggers off, and then
-- verify (and the signed checkpoints kept outside this table) tell.
create schema if not exists audit;

create table audit.events (
  chain         text        not null check (chain ~ '^[a-z][a-z0-9_]{0,39}$'),
  seq           bigint      not null check (seq >= 1),
  at            timestamptz not null,
  action        text        not null check (length(action) between 3 and 80),
  actor_type    text        not null check (length(actor_type) between 1 and 40),
  actor_id      text        check (length(actor_id) <= 100),
  subject_type  text        check (length(subject_type) <= 40),
  subject_id    text        check (length(subject_id) <= 100),
  reason        text        check (length(reason) <= 1000),
  details       jsonb       not null default '{}' check (jsonb_typeof(details) = 'object'),
  prev_hash     char(64)    not null,
  hash          char(64)    not null,
  primary key (chain, seq)
);
-- The admin page's filters: newest first overall, by actor, by subject, by action prefix.
create index events_at on audit.events (at desc, chain desc, seq desc);
create index events_actor on audit.events (actor_id, at desc) where actor_id is not null;
create index events_subject on audit.events (subject_type, subject_id, at desc)
  where subject_id is not null;
create index events_action on audit.events (action text_pattern_ops, at desc);

-- The end of each chain: the append locks this row (FOR UPDATE), so appends to one chain are
-- serialized, and moves it one step forward.
create table audit.chain_heads (
  chain      text     primary key check (chain ~ '^[a-z][a-z0-9_]{0,39}$'),
  last_seq   bigint   not null check (last_seq >= 0),
  last_hash  char(64) not null
);

-- Signed statements "at <at> chain <chain> ended at <last_seq> with <last_hash>", written by the
-- checkpoint job; the same lines go to an append-only file beside the signing key.
create table audit.checkpoints (
  id          bigint generated always as identity primary key,
  chain       text        not null check (chain ~ '^[a-z][a-z0-9_]{0,39}$'),
  last_seq    bigint      not null check (last_seq >= 1),
  last_hash   char(64)    not null,
  at          timestamptz not null,
  key_id      text        not null check (length(key_id) = 16),
  public_key  text        not null check (length(public_key) <= 100),
  signature   text        not null check (length(signature) <= 200)
);
create index checkpoints_chain on audit.checkpoints (chain, last_seq desc, id desc);

create function audit.refuse_change() returns trigger language plpgsql as $$
begin
  raise exception 'audit.% is append-only: % refused', tg_table_name, tg_op
    using errcode = 'insufficient_privilege';
end;
$$;

create trigger events_no_update before update or delete on audit.events
  for each row execute function audit.refuse_change();
create trigger events_no_truncate before truncate on audit.events
  for each statement execute function audit.refuse_change();
create trigger checkpoints_no_update before update or delete on audit.checkpoints
  for each row execute function audit.refuse_change();
create trigger checkpoints_no_truncate before truncate on audit.checkpoints
  for each statement execute function audit.refuse_change();

-- A chain head moves only one step forward, onto the event just appended; it is never deleted.
create function audit.head_step() returns trigger language plpgsql as $$
begin
  if tg_op <> 'UPDATE' then
    raise exception 'audit.chain_heads: % refused', tg_op using errcode = 'insufficient_privilege';
  end if;
  if new.chain <> old.chain or new.last_seq <> old.last_seq + 1 or not exists (
      select 1 from audit.events e
       where e.chain = new.chain and e.seq = new.last_seq and e.hash = new.last_hash
         and e.prev_hash = old.last_hash) then
    raise exception 'audit.chain_heads: a head moves one step onto its appended event'
      using errcode = 'insufficient_privilege';
  end if;
  return new;
end;
$$;

create trigger chain_heads_step before update or delete on audit.chain_heads
  for each row execute function audit.head_step();
create trigger chain_heads_no_truncate before truncate on audit.chain_heads
  for each statement execute function audit.refuse_change();
