#!/usr/bin/env bash
# Database restart drill: payments under load while PostgreSQL is stopped and started again N
# times, the application left running throughout. Checks: no 500 answer, the application
# recovers by itself (a payment succeeds again after each restart, no application restart), the
# clients' same-key retries settle, the ledger's invariants hold, no money created.
#
#   bench/db-restart.sh       (as root: it makes a private PostgreSQL cluster with pg_createcluster)
#
# Environment (all optional):
#   DRILL_RESTARTS          database restarts (default 3)
#   DRILL_OUTAGE_SECONDS    how long the database stays down each time (default 3)
#   DRILL_LOAD_SECONDS      seconds of load before each restart and after the last (default 10)
#   DRILL_USERS, DRILL_THREADS, DRILL_SKIP_BUILD=1   as in bench/crash.sh
#
# Last line:
#   db-restart restarts=3 outage_s=3 <status>=<count>... server_errors_incl_retries=0 recovered_max_s=<s> app_restarts=0 invariants=ok created_minor=0 verdict=PASS
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/drill-common.sh

restarts=${DRILL_RESTARTS:-3}
outage_seconds=${DRILL_OUTAGE_SECONDS:-3}
load_seconds=${DRILL_LOAD_SECONDS:-10}
users=${DRILL_USERS:-10}
threads=${DRILL_THREADS:-6}
work=target/drills/db-restart-$(date -u +%Y%m%dT%H%M%SZ)
mkdir -p "$work"
trap 'drill_cleanup' EXIT
exec > >(tee "$work/drill.log") 2>&1

drill_build bench/db-restart.sh
echo "== private PostgreSQL $DRILL_PG_VERSION cluster"
drill_cluster okpay_dbrestart
db_port=$pg_port_okpay_dbrestart
drill_app_start "$db_port" "$work/app.log"
first_pid=$app_pid
drill_py prepare --users "$users" --out "$work/users.json"

echo "== load, $restarts x PostgreSQL down for $outage_seconds s"
drill_py load --users "$work/users.json" --log "$work/answers.jsonl" --threads "$threads" \
  --seconds $(( (restarts + 1) * (load_seconds + outage_seconds + 60) )) \
  --stop-file "$work/stop" &
load_pid=$!
DRILL_PIDS+=("$load_pid")
back=()
for restart in $(seq 1 "$restarts"); do
  sleep "$load_seconds"
  echo "PostgreSQL stop ($restart of $restarts) at $(date -u +%T)"
  pg_ctlcluster "$DRILL_PG_VERSION" okpay_dbrestart stop -m fast
  sleep "$outage_seconds"
  pg_ctlcluster "$DRILL_PG_VERSION" okpay_dbrestart start
  back+=(--since "$(date -u +%Y-%m-%dT%H:%M:%S.%N | cut -c1-26)+00:00")
  echo "PostgreSQL started again at $(date -u +%T)"
done
sleep "$load_seconds"
drill_load_finish

echo "== checks"
drill_py summary --log "$work/answers.jsonl"
statuses=$(drill_py statuses --log "$work/answers.jsonl")
echo "first answers: $statuses"
server_errors=$(grep -c '"status": 500' "$work/answers.jsonl" || true)
recovered=$(drill_py recovery --log "$work/answers.jsonl" "${back[@]}")
app_restarts=0
kill -0 "$first_pid" 2>/dev/null && [ "$app_pid" = "$first_pid" ] || app_restarts=1
invariants=$(drill_py invariants)
echo "$invariants"
drill_money_created "$db_port" | tee "$work/money.txt"
created=$(sed -n 's/.* created=\(-\{0,1\}[0-9]*\)$/\1/p' "$work/money.txt" |
  awk '{ s += ($1 < 0 ? -$1 : $1) } END { print s + 0 }')
open_without_finding=$(drill_open_without_finding "$db_port")
echo "open without finding: $open_without_finding"

verdict=PASS
[ "$server_errors" = 0 ] && [ "$recovered" != -1 ] && [ "$app_restarts" = 0 ] &&
  [ "$invariants" = invariants=ok ] && [ "$created" = 0 ] && [ "$open_without_finding" = 0 ] ||
  verdict=FAIL
echo "logs: $work"
echo "db-restart restarts=$restarts outage_s=$outage_seconds $statuses server_errors_incl_retries=$server_errors recovered_max_s=$recovered app_restarts=$app_restarts $invariants created_minor=$created verdict=$verdict"
[ "$verdict" = PASS ]
