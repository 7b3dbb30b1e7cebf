-- bench/history.sh's data: the history's indexes and keys again, from the definitions
-- generate.sql kept. psql variable gin: on, the GIN (trigram) indexes; off, the primary key,
-- the unique constraints and the b-tree indexes. The script runs both at once, in two sessions
-- (the GIN build is the longest and uses one core). The foreign keys that refer to the table
-- come back at the end of generate-end.sql, after the tracker steps went in (one check of all
-- of them instead of one per inserted step).
\set ON_ERROR_STOP 1
\timing on
set maintenance_work_mem = '512MB';
set synchronous_commit = on;
\if :gin
select def from bench_history.kept_indexes where gin \gexec
\else
set max_parallel_maintenance_workers = 1;
select format('alter table %s add constraint %I %s', tab, conname, def)
  from bench_history.kept_constraints where def not like 'FOREIGN KEY%' order by ord desc \gexec
select def from bench_history.kept_indexes where not gin \gexec
\endif
