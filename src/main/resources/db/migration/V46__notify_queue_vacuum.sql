-- Issue 14: the outbox and the development mailbox are queues: every delivered row leaves dead
-- versions behind (enqueue, claim, mark), at the head of the indexes the dispatchers read first.
-- PostgreSQL's defaults vacuum a table once a fifth of it is dead, which for a queue of
-- millions of rows is millions of dead entries to step over per claim; vacuum and analyze these
-- two after a fixed number of changes instead (docs/benchmarks.md, "Issue 14: notifications keep
-- pace"). Only storage parameters: no effect on a server that runs with autovacuum off.
alter table notify.outbox set (
  autovacuum_vacuum_scale_factor = 0, autovacuum_vacuum_threshold = 20000,
  autovacuum_vacuum_insert_scale_factor = 0, autovacuum_vacuum_insert_threshold = 20000,
  autovacuum_analyze_scale_factor = 0, autovacuum_analyze_threshold = 20000);
alter table notify.mailbox set (
  autovacuum_vacuum_scale_factor = 0, autovacuum_vacuum_threshold = 5000,
  autovacuum_analyze_scale_factor = 0, autovacuum_analyze_threshold = 5000);
