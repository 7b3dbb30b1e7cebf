-- Issue 10 leftovers (helper merchfix). See docs/merchants.md ("Canceled sessions").
--
-- A checkout session may be canceled: by the payer pressing "Cancel" on the hosted page, or by
-- the merchant with POST /api/v1/merchant/checkout/sessions/{id}/cancel. It is a final state of
-- its own (open -> canceled), distinct from expired (time ran out or the merchant expired it).
alter table merchants.checkout_sessions drop constraint checkout_sessions_status_check;
alter table merchants.checkout_sessions add constraint checkout_sessions_status_check
  check (status in ('open', 'complete', 'expired', 'canceled'));
alter table merchants.checkout_sessions add column canceled_at timestamptz;
alter table merchants.checkout_sessions add column canceled_by text
  check (canceled_by in ('payer', 'merchant'));
alter table merchants.checkout_sessions add constraint checkout_sessions_canceled
  check ((status = 'canceled') = (canceled_at is not null and canceled_by is not null));

-- More webhook event types (payout.*, checkout.session.canceled, and dispute.* to come): an
-- endpoint may subscribe to up to 50 of them.
alter table merchants.webhook_endpoints drop constraint webhook_endpoints_event_types_check;
alter table merchants.webhook_endpoints add constraint webhook_endpoints_event_types_check
  check (cardinality(event_types) between 1 and 50);
