-- Operation types are an open set: other modules register their own (see OperationType and
-- docs/architecture.md), so the column checks the shape of a key instead of listing them.
alter table payments.transactions drop constraint transactions_operation_check;
alter table payments.transactions add constraint transactions_operation_check
  check (operation ~ '^[a-z][a-z0-9_]{0,39}$');
