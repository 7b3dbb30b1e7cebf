-- Statements and charts ask for an account's transfers between two times (LedgerReadStore's
-- BALANCE_AT and PERIOD_TOTALS). With only (account, seq) to go by, they read every transfer the
-- account ever had to keep the month's: 1.5 s for a month of a wallet with 120,000 transfers
-- (docs/benchmarks.md, bench/history.sh). These read the month's range alone. Per account, time
-- and seq order agree (a batch reads the clock after it holds the account's lock, so a later
-- transfer of the account has a later or equal time and a higher seq), which lets the
-- "balance before a time" read take the last row in (created_at, seq) order.
-- The price: two more index entries per transfer on the ledger's write path.
create index transfers_debit_account_time on ledger.transfers (debit_account_id, created_at, seq);
create index transfers_credit_account_time on ledger.transfers (credit_account_id, created_at, seq);
