#!/usr/bin/env bash
# A real streaming replica of Debian's PostgreSQL, made with pg_basebackup -R, for OKPay's read
# replica (docs/cluster.md "Read replica"). ReadReplicaTest runs it; operators can too.
#
#   bench/replica.sh up DIR PRIMARY_PORT REPLICA_PORT
#       a new primary (initdb in DIR/primary, wal_level=replica, replication from 127.0.0.1
#       trusted) and its streaming replica (pg_basebackup -R into DIR/replica), both started and
#       listening on 127.0.0.1; waits until the replica streams. Prints the two JDBC URLs.
#   bench/replica.sh replica DIR REPLICA_PORT PRIMARY_HOST PRIMARY_PORT [REPLICATION_USER]
#       only the replica, of an existing primary that allows replication connections from here
#       (pg_hba.conf "host replication <user> <this host> ...", wal_level=replica or logical).
#   bench/replica.sh stop-replica DIR [immediate|fast]   stop the replica (immediate: a crash)
#   bench/replica.sh start-replica DIR                    start it again; it catches up by itself
#   bench/replica.sh down DIR                             stop both (the data stays in DIR)
#
# PostgreSQL refuses to run as root: as root the servers run as REPLICA_OS_USER (default
# postgres), which must be able to write DIR. Binaries: PG_BIN (default: the newest
# /usr/lib/postgresql/*/bin). Unix sockets are off; everything goes over 127.0.0.1 TCP.
set -euo pipefail

pg_bin=${PG_BIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)}
[ -x "$pg_bin/pg_basebackup" ] || {
  echo "replica.sh: no PostgreSQL binaries (set PG_BIN; Debian: apt-get install postgresql)" >&2
  exit 2
}
os_user=${REPLICA_OS_USER:-postgres}

as_pg() {
  if [ "$(id -u)" = 0 ]; then
    runuser -u "$os_user" -- "$@"
  else
    "$@"
  fi
}

own_dir() {
  mkdir -p "$1"
  if [ "$(id -u)" = 0 ]; then
    chown "$os_user" "$1"
    as_pg test -w "$1" || {
      echo "replica.sh: $os_user cannot write $1 (a parent folder is private?)" >&2
      exit 2
    }
  fi
}

sql() { # port, statement
  as_pg "$pg_bin/psql" -X -q -t -A -h 127.0.0.1 -p "$1" -U postgres -d postgres -c "$2"
}

start_server() { # data dir, log
  as_pg "$pg_bin/pg_ctl" -D "$1" -l "$2" -w -t 120 start >/dev/null
}

wait_streaming() { # replica port
  for _ in $(seq 1 600); do
    if [ "$(sql "$1" "select status from pg_stat_wal_receiver" 2>/dev/null)" = streaming ]; then
      return 0
    fi
    sleep 0.1
  done
  echo "replica.sh: the replica on port $1 does not stream" >&2
  exit 1
}

make_replica() { # dir, replica port, primary host, primary port, user
  local dir=$1 port=$2 host=$3 primary_port=$4 user=$5
  as_pg "$pg_bin/pg_basebackup" -h "$host" -p "$primary_port" -U "$user" -D "$dir/replica" \
    -R -X stream -c fast
  cat <<CONF | as_pg tee -a "$dir/replica/postgresql.conf" >/dev/null
# bench/replica.sh: the replica's own port; it serves reads while it replays
port = $port
listen_addresses = '127.0.0.1'
unix_socket_directories = ''
hot_standby = on
hot_standby_feedback = on
CONF
  start_server "$dir/replica" "$dir/replica.log"
  [ "$(sql "$port" "select pg_is_in_recovery()")" = t ] || {
    echo "replica.sh: the server on port $port is not in recovery" >&2
    exit 1
  }
  wait_streaming "$port"
}

cmd=${1:-}
case "$cmd" in
  up)
    [ $# -eq 4 ] || { echo "usage: $0 up DIR PRIMARY_PORT REPLICA_PORT" >&2; exit 2; }
    dir=$(realpath -m "$2") primary_port=$3 replica_port=$4
    own_dir "$dir"
    if [ ! -f "$dir/primary/PG_VERSION" ]; then
      as_pg "$pg_bin/initdb" -D "$dir/primary" -U postgres -A trust -E UTF8 --locale=C.UTF-8 \
        >"$dir/initdb.log"
      cat <<CONF | as_pg tee -a "$dir/primary/postgresql.conf" >/dev/null
# bench/replica.sh: a primary that streams its WAL to a replica
port = $primary_port
listen_addresses = '127.0.0.1'
unix_socket_directories = ''
max_connections = 200
wal_level = replica
max_wal_senders = 5
wal_keep_size = '512MB'
CONF
      printf '%s\n' 'host all all 127.0.0.1/32 trust' \
        'host replication all 127.0.0.1/32 trust' | as_pg tee "$dir/primary/pg_hba.conf" >/dev/null
    fi
    start_server "$dir/primary" "$dir/primary.log"
    if [ ! -f "$dir/replica/standby.signal" ]; then
      rm -rf "$dir/replica"
      make_replica "$dir" "$replica_port" 127.0.0.1 "$primary_port" postgres
    else
      start_server "$dir/replica" "$dir/replica.log"
      wait_streaming "$replica_port"
    fi
    echo "primary=jdbc:postgresql://127.0.0.1:$primary_port/postgres"
    echo "replica=jdbc:postgresql://127.0.0.1:$replica_port/postgres"
    ;;
  replica)
    [ $# -ge 5 ] || {
      echo "usage: $0 replica DIR REPLICA_PORT PRIMARY_HOST PRIMARY_PORT [USER]" >&2; exit 2; }
    dir=$(realpath -m "$2")
    own_dir "$dir"
    [ ! -e "$dir/replica" ] || { echo "replica.sh: $dir/replica exists" >&2; exit 2; }
    make_replica "$dir" "$3" "$4" "$5" "${6:-postgres}"
    echo "replica=jdbc:postgresql://127.0.0.1:$3/postgres"
    ;;
  stop-replica)
    dir=$(realpath -m "$2")
    as_pg "$pg_bin/pg_ctl" -D "$dir/replica" -m "${3:-fast}" -w stop >/dev/null
    ;;
  start-replica)
    dir=$(realpath -m "$2")
    start_server "$dir/replica" "$dir/replica.log"
    ;;
  down)
    dir=$(realpath -m "$2")
    for server in replica primary; do
      if [ -f "$dir/$server/postmaster.pid" ]; then
        as_pg "$pg_bin/pg_ctl" -D "$dir/$server" -m fast -w stop >/dev/null || true
      fi
    done
    ;;
  *)
    sed -n '2,20p' "$0" >&2
    exit 2
    ;;
esac
