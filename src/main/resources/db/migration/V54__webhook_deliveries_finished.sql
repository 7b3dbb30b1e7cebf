-- The delivery log's retention (merchants.internal.webhooks.WebhookRetention) deletes
-- deliveries that finished more than okpay.merchants.webhooks.retention ago, a thousand at a
-- time: this index finds them without reading the whole table each time.
create index webhook_deliveries_finished on merchants.webhook_deliveries (finished_at)
  where status <> 'pending';
