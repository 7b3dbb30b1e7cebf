# Shared by the drills (bench/crash.sh, bench/db-restart.sh, bench/restore.sh; sourced, not run):
# a private PostgreSQL cluster made with Debian's pg_createcluster on a free loopback port, the
# packaged OKPay jar started against it, and the checks every drill ends with. Everything here is
# bounded in count and time; every cluster and process a drill starts is removed by its trap.
#
# Needs: root (pg_createcluster), Debian's postgresql-common, python3, curl, the JDK chosen as
# ./okpay chooses it. Loopback addresses only.

. bench/common.sh

DRILL_PG_VERSION=${DRILL_PG_VERSION:-$(ls /usr/lib/postgresql | sort -n | tail -n 1)}
DRILL_PG_PASSWORD=drill-only-loopback
DRILL_ADMIN_TOKEN=drill-admin-$(od -An -N8 -tx8 /dev/urandom | tr -d ' ')
DRILL_CLUSTERS=()
DRILL_PIDS=()

# A TCP port nobody listens on now (asked of the kernel, so two drills never pick the same one).
drill_free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# Called by each drill's EXIT trap: stops what the drill started, drops its clusters.
drill_cleanup() {
  local pid name
  for pid in "${DRILL_PIDS[@]}"; do
    kill -9 "$pid" 2>/dev/null || true
  done
  for name in "${DRILL_CLUSTERS[@]}"; do
    pg_dropcluster --stop "$DRILL_PG_VERSION" "$name" 2>/dev/null || true
  done
}

# Creates and starts cluster $1 on a free port, listening on 127.0.0.1 only, with extra settings
# $2.. (guc=value). Sets pg_port_<name>. The postgres role gets a password for TCP logins.
drill_cluster() {
  local name=$1 port; shift
  port=$(drill_free_port)
  pg_createcluster -q "$DRILL_PG_VERSION" "$name" -p "$port" \
    -- --auth-local=peer --auth-host=scram-sha-256 >/dev/null
  DRILL_CLUSTERS+=("$name")
  local conf=/etc/postgresql/$DRILL_PG_VERSION/$name/conf.d/drill.conf setting value
  # postgresql.conf wants strings quoted, a quote inside doubled; quoting numbers is fine too.
  for setting in listen_addresses=127.0.0.1 "$@"; do
    value=${setting#*=}
    echo "${setting%%=*} = '${value//\'/\'\'}'" >> "$conf"
  done
  pg_ctlcluster "$DRILL_PG_VERSION" "$name" start
  runuser -u postgres -- psql -X -q -p "$port" -c \
    "alter role postgres password '$DRILL_PG_PASSWORD'" >/dev/null
  printf -v "pg_port_$name" '%s' "$port"
}

# psql as postgres over TCP on port $1, one command $2, tuples only.
drill_sql() {
  PGPASSWORD=$DRILL_PG_PASSWORD psql -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$1" -U postgres \
    -d postgres -tAc "$2"
}

# Starts the packaged jar against PostgreSQL on port $1 (database postgres), logging to $2.
# Sets app_pid and base (http://127.0.0.1:<port>); waits until health says UP (at most 180 s).
drill_app_start() {
  local db_port=$1 log=$2
  app_port=${app_port:-$(drill_free_port)}
  base="http://127.0.0.1:$app_port"
  OKPAY_DB_URL="jdbc:postgresql://127.0.0.1:$db_port/postgres" OKPAY_DB_USER=postgres \
    OKPAY_DB_PASSWORD=$DRILL_PG_PASSWORD OKPAY_PORT=$app_port OKPAY_PUBLIC_URL=$base \
    OKPAY_ADMIN_TOKEN=$DRILL_ADMIN_TOKEN OKPAY_VELOCITY_MAX=1000000 \
    OKPAY_IDENTITY_REGISTRATIONSPERMINUTEPERIP=100000 \
    OKPAY_IDENTITY_LOGINSPERMINUTEPERIP=100000 \
    "$JAVA_HOME/bin/java" -Xmx512m -jar target/okpay-0.1.0-SNAPSHOT.jar \
    --server.address=127.0.0.1 >>"$log" 2>&1 &
  app_pid=$!
  disown "$app_pid" # a drill's kill -9 is intended: no "Killed" report from the shell
  DRILL_PIDS+=("$app_pid")
  local started=$SECONDS
  until curl -fsS -m 2 "$base/actuator/health" 2>/dev/null | grep -q '"status":"UP"'; do
    if ! kill -0 "$app_pid" 2>/dev/null || (( SECONDS - started > 180 )); then
      echo "OKPay did not come up (see $log)" >&2
      tail -n 30 "$log" >&2
      exit 1
    fi
    sleep 1
  done
  echo "OKPay up on $base (pid $app_pid) after $(( SECONDS - started )) s"
}

# Kills the application with SIGKILL and waits until it is gone (at most 30 s).
drill_app_kill() {
  kill -9 "$app_pid" 2>/dev/null || true
  local waited=0
  while kill -0 "$app_pid" 2>/dev/null && (( waited < 30 )); do sleep 1; waited=$((waited + 1)); done
}

# Stops the application politely (SIGTERM), at most 60 s, then for good.
drill_app_stop() {
  kill "$app_pid" 2>/dev/null || return 0
  local waited=0
  while kill -0 "$app_pid" 2>/dev/null && (( waited < 60 )); do sleep 1; waited=$((waited + 1)); done
  kill -9 "$app_pid" 2>/dev/null || true
}

drill_build() {
  bench_jdk "$1"
  if [ "${DRILL_SKIP_BUILD:-}" != 1 ]; then
    echo "== build (./mvnw -q -DskipTests package)"
    ./mvnw -B -q -DskipTests package 2>&1 | sed 's/\x1b\[[0-9;]*m//g' | grep -v WARNING || true
  fi
  [ -f target/okpay-0.1.0-SNAPSHOT.jar ] || { echo "no packaged jar" >&2; exit 1; }
}

# The load generator and checker (bench/drill_load.py) with the application's address and token.
drill_py() {
  python3 -B bench/drill_load.py --base "$base" --admin-token "$DRILL_ADMIN_TOKEN" "$@"
}

# Ends the load started in the background as $load_pid (it stops when $work/stop exists), then
# lets the clients send again, with the same keys, whatever got no final answer, and runs
# reconciliation once: what every drill does before its checks.
drill_load_finish() {
  touch "$work/stop"
  wait "$load_pid"
  echo "== the clients retry what got no final answer, with the same keys"
  drill_py settle --log "$work/answers.jsonl" --seconds 150
  drill_py reconcile >/dev/null
}

# Money created per currency, straight from the database on port $1: what OKPay's own accounts
# (wallets, fees, FX pool) hold, minus what the sandbox rail says came in from outside (card
# charges and bank collections it completed) minus what it paid out (payouts it completed).
# Prints "created_minor=<sum of |created| over currencies>" and the per-currency lines.
drill_money_created() {
  drill_sql "$1" "
    with held as (
      select currency, sum(credits_posted - debits_posted) as minor
        from ledger.accounts
       where kind not in ('card_rail', 'bank_rail', 'cross_border_rail')
       group by currency),
    outside as (
      select currency, sum(case when kind = 'payout' then -amount_minor else amount_minor end)
             as minor
        from sandbox.operations where state = 'completed'
       group by currency)
    select coalesce(h.currency, o.currency) || ' held=' || coalesce(h.minor, 0)
           || ' rails_in=' || coalesce(o.minor, 0)
           || ' created=' || (coalesce(h.minor, 0) - coalesce(o.minor, 0))
      from held h full join outside o on o.currency = h.currency order by 1"
}

# How many of the transaction ids in file $2 (one a line) are not completed in the database on
# port $1. The ids go through COPY on stdin: thousands of them are too long for an argument.
drill_missing() {
  { echo "create temp table answered (id uuid); copy answered from stdin;"
    cat "$2"
    printf '%s\n' '\.'
    echo "select count(*) from answered a where not exists (select 1 from payments.transactions t
           where t.id = a.id and t.state = 'completed');"
  } | PGPASSWORD=$DRILL_PG_PASSWORD psql -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$1" \
        -U postgres -d postgres -tA
}

# Transactions not final (created, pending, processing) with no open reconciliation finding.
drill_open_without_finding() {
  drill_sql "$1" "
    select count(*) from payments.transactions t
     where t.state in ('created', 'pending', 'processing')
       and not exists (select 1 from payments.reconciliation_findings f
                        where f.transaction_id = t.id and f.resolved_at is null)"
}
