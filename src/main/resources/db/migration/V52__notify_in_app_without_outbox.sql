-- Issue 14: in-app notifications are written straight into notify.notifications in the caller's
-- transaction, rendered there, instead of passing through notify.outbox (an outbox row, its
-- claim, its mark as sent and the notification: about a third of PostgreSQL's time per payment,
-- for rows in our own database with no outside effect to make reliable; docs/benchmarks.md,
-- "Issue 14 fourth pass: in-app notices without the outbox"). Only e-mails use the outbox now.
--
-- outbox_id keeps its meaning "the order the notice was enqueued in": a new notification draws it
-- from the outbox's own id sequence (notify.outbox_id_seq), so old rows (delivered from the
-- outbox) and new ones share one sequence, notifications_user_enqueued (V15) still lists a
-- user's newest first, and an outbox row the dispatcher still delivers (written before the
-- upgrade, or by an instance not yet upgraded) cannot meet a new row's outbox_id.
--
-- The dedup key moves with the notification: a second request with the same key writes nothing
-- and answers as a duplicate, against request_hash as the outbox did (NotifyService). Keys of
-- notifications delivered from the outbox are copied from the outbox rows still kept (30 days by
-- default), so a replay of a notice enqueued before the upgrade is still a duplicate; the
-- dispatcher writes the key of each in-app row it still delivers.
alter table notify.notifications
  add column dedup_key text check (length(dedup_key) between 1 and 128),
  -- SHA-256 of what makes two requests the same (as notify.outbox.request_hash).
  add column request_hash bytea check (length(request_hash) = 32),
  add constraint notifications_key_has_hash check (dedup_key is null or request_hash is not null);

update notify.notifications n
   set dedup_key = o.dedup_key, request_hash = o.request_hash
  from notify.outbox o
 where o.id = n.outbox_id and o.channel = 'in_app' and o.dedup_key is not null;

-- The copy rewrites the notifications of the last 30 days that had a key (a payment's all do); the
-- partial index then holds only those. Both run in the migration's transaction, which holds
-- writes to notify.notifications meanwhile (a scan of the table and those rows' updates).
create unique index notifications_dedup_key on notify.notifications (dedup_key)
  where dedup_key is not null;
