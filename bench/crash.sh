#!/usr/bin/env bash
# Crash drill: payments under load (P2P and card top-ups over the HTTP API), the JVM killed with
# kill -9 in the middle of it N times and restarted each time, the clients' same-key retries, then
# the checks: ledger invariants, no open transaction without a finding, every payment answered
# 200/201 present and completed, and no money created (per currency, what OKPay's accounts hold
# equals what the sandbox rail says came in minus what went out).
#
#   bench/crash.sh            (as root: it makes a private PostgreSQL cluster with pg_createcluster)
#
# Environment (all optional):
#   DRILL_KILLS           kill -9 this many times (default 3)
#   DRILL_LOAD_SECONDS    seconds of load before each kill and after the last restart (default 12)
#   DRILL_USERS           verified, funded users making the payments (default 10)
#   DRILL_THREADS         concurrent clients (default 6)
#   DRILL_SKIP_BUILD=1    use target/okpay-0.1.0-SNAPSHOT.jar as it is
#
# Last line:
#   crash kills=<n> answered=<n> missing=0 open_without_finding=0 invariants=ok created_minor=0 verdict=PASS
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/drill-common.sh

kills=${DRILL_KILLS:-3}
load_seconds=${DRILL_LOAD_SECONDS:-12}
users=${DRILL_USERS:-10}
threads=${DRILL_THREADS:-6}
work=target/drills/crash-$(date -u +%Y%m%dT%H%M%SZ)
mkdir -p "$work"
trap 'drill_cleanup' EXIT
exec > >(tee "$work/drill.log") 2>&1

drill_build bench/crash.sh
echo "== private PostgreSQL $DRILL_PG_VERSION cluster"
drill_cluster okpay_crash
db_port=$pg_port_okpay_crash
drill_app_start "$db_port" "$work/app.log"
drill_py prepare --users "$users" --out "$work/users.json"

echo "== load, $kills x kill -9"
# The load runs across the kills; its bound is generous and it stops on the stop file.
drill_py load --users "$work/users.json" --log "$work/answers.jsonl" --threads "$threads" \
  --seconds $(( (kills + 1) * (load_seconds + 200) )) --stop-file "$work/stop" &
load_pid=$!
DRILL_PIDS+=("$load_pid")
for kill in $(seq 1 "$kills"); do
  sleep "$load_seconds"
  echo "kill -9 $app_pid ($kill of $kills) at $(date -u +%T)"
  drill_app_kill
  drill_app_start "$db_port" "$work/app.log"
  # The clients whose requests the kill cut off ask again with the same keys at once: a payment
  # left open answers 202 with Retry-After until the restarted instance has settled it.
  drill_py settle --log "$work/answers.jsonl" --seconds 90
done
sleep "$load_seconds"
drill_load_finish

echo "== checks"
drill_py summary --log "$work/answers.jsonl" --ids-out "$work/answered.ids"
answered=$(wc -l < "$work/answered.ids")
missing=$(drill_missing "$db_port" "$work/answered.ids")
open_without_finding=$(drill_open_without_finding "$db_port")
invariants=$(drill_py invariants)
echo "$invariants"
drill_money_created "$db_port" | tee "$work/money.txt"
created=$(sed -n 's/.* created=\(-\{0,1\}[0-9]*\)$/\1/p' "$work/money.txt" |
  awk '{ s += ($1 < 0 ? -$1 : $1) } END { print s + 0 }')
echo "transactions by state: $(drill_sql "$db_port" "select string_agg(state || coalesce('/' || failure_code, '') || '=' || n, ' ')
  from (select state, failure_code, count(*) n from payments.transactions group by 1, 2 order by 1, 2) s")"
echo "open findings: $(drill_sql "$db_port" "select count(*) from payments.reconciliation_findings where resolved_at is null")"

verdict=PASS
[ "$missing" = 0 ] && [ "$open_without_finding" = 0 ] && [ "$invariants" = invariants=ok ] &&
  [ "$created" = 0 ] && [ "$answered" -gt 0 ] || verdict=FAIL
echo "logs: $work"
echo "crash kills=$kills answered=$answered missing=$missing open_without_finding=$open_without_finding ${invariants} created_minor=$created verdict=$verdict"
[ "$verdict" = PASS ]
