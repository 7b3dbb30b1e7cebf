-- The ledger's tables carry the column they would be distributed by on Citus (docs/scaling.md),
-- so that the move is DDL, not an application rewrite: the writer already knows, for every row
-- it writes, which shard it belongs to.
--
-- shard_key is a bucket 0..1023 derived from the account's owner, so all of one owner's
-- accounts (every currency) share it. It is a bucket rather than the owner id itself so that a
-- system account (fees, FX, rails, clearing) can later be split into one sub-account per bucket,
-- each on its own shard, instead of being one hot row every transfer on every node reaches for.
-- A transfer carries the bucket of its debit account: its settlement (post, void, expiry) has
-- the same accounts, so a hold and its settlement share it; so does the hold's timeout row.
--
-- Unique constraints that Citus requires to include the distribution column include it now,
-- where that changes nothing for today's queries (it goes last, after the columns looked up).
-- ledger.transfers keeps its primary key on id alone: on one database it is the backstop that
-- makes a transfer id unique across all accounts; docs/scaling.md says what replaces it.

-- The bucket of an owner: the first 32 bits of md5(owner_type:owner_id), modulo 1024. Defined
-- once, here; md5 and the bit casts behave the same on every PostgreSQL version.
create function ledger.shard_key(owner_type text, owner_id text) returns integer
  language sql immutable strict parallel safe
  return (('x' || substr(md5(owner_type || ':' || owner_id), 1, 8))::bit(32)::bigint % 1024)::integer;

alter table ledger.accounts add column shard_key integer;
update ledger.accounts set shard_key = ledger.shard_key(owner_type, owner_id);
alter table ledger.accounts
  alter column shard_key set not null,
  -- Only the range is checked here: "shard_key = ledger.shard_key(owner)" would be evaluated
  -- (an md5) on every balance update the writer makes, 1-3 us per account per batch.
  -- AccountStore.open fills it with the function and CitusReadinessTest checks every row.
  -- System accounts may later have one sub-account per bucket, so for them it is no rule.
  add constraint accounts_shard_key_range check (shard_key between 0 and 1023),
  drop constraint accounts_pkey,
  add constraint accounts_pkey primary key (id, shard_key),
  drop constraint accounts_owner_currency_kind_unique,
  add constraint accounts_owner_currency_kind_unique
    unique (owner_type, owner_id, currency, kind, shard_key);

alter table ledger.transfers add column shard_key integer;
update ledger.transfers t set shard_key = a.shard_key
  from ledger.accounts a where a.id = t.debit_account_id;
alter table ledger.transfers alter column shard_key set not null;
drop index ledger.transfers_pending_resolved_once;
create unique index transfers_pending_resolved_once on ledger.transfers (pending_id, shard_key)
  where pending_id is not null;

alter table ledger.pending_timeouts add column shard_key integer;
update ledger.pending_timeouts p set shard_key = t.shard_key
  from ledger.transfers t where t.id = p.pending_id;
alter table ledger.pending_timeouts
  alter column shard_key set not null,
  drop constraint pending_timeouts_pkey,
  add constraint pending_timeouts_pkey primary key (pending_id, shard_key);
