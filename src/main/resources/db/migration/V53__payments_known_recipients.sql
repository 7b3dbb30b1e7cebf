-- Issue 14: the risk check's "has this user paid this recipient before" (LimitUsage.paidBefore)
-- read every row of the payer through transactions_by_user when the recipient was new, which is
-- exactly when the answer is no: 690 heap pages for a bench user with 700 rows, and a user with
-- 100,000 rows would read them all on each first payment to someone. One index per kind of
-- recipient answers it with one descent: people by user id, bank accounts by account number.
-- Neither names state or updated_at, so state moves stay HOT (V50); each row adds one entry to
-- at most one of them (a payment has a recipient user or a recipient bank, or neither).
create index transactions_to_user on payments.transactions (user_id, counterparty_user_id)
  where counterparty_user_id is not null;
create index transactions_to_bank_account
  on payments.transactions (user_id, (recipient_bank ->> 'accountNumber'))
  where recipient_bank is not null;
