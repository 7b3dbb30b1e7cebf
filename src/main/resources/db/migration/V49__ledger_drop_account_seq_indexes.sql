-- The statement now walks (account, created_at, seq) (V40_1) like the period reads, so the
-- (account, seq) indexes of V1 are read by nothing and only cost the write path: each ledger
-- transfer wrote six index entries (id, pending, and both accounts twice); now four.
drop index ledger.transfers_debit_account_seq;
drop index ledger.transfers_credit_account_seq;
