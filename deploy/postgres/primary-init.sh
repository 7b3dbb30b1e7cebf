#!/bin/sh
# The primary's first start (docker-entrypoint-initdb.d of the postgres image): a role that may
# stream WAL, and a pg_hba line that lets it connect for replication from the network.
set -eu
psql -v ON_ERROR_STOP=1 -v pw="$REPLICATION_PASSWORD" --username "$POSTGRES_USER" --dbname postgres \
  -c "create role replicator with replication login password :'pw'"
echo "host replication replicator all scram-sha-256" >> "$PGDATA/pg_hba.conf"
