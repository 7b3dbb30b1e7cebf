-- Several dispatcher threads may deliver a user's notifications and e-mails out of order; lists
-- show them in the order they were written (their outbox id), newest first, whoever delivered
-- them when.
create index notifications_user_enqueued on notify.notifications (user_id, outbox_id desc);
drop index notify.notifications_user_newest;
create index mailbox_to_enqueued on notify.mailbox (lower(to_address), outbox_id desc);
drop index notify.mailbox_to_newest;
