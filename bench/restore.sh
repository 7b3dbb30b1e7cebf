#!/usr/bin/env bash
# Backup and restore drill: while payments run, a base backup (pg_basebackup) is taken and every
# WAL segment is archived (archive_command copies it into a folder); a moment in the middle of
# the load is chosen; the backup and the archive are restored into a new cluster up to that
# moment (recovery_target_time). Checks on the restored database, with OKPay started on it: the
# ledger's invariants hold, and every payment answered 200/201 before the chosen moment is there
# and completed.
#
#   bench/restore.sh          (as root: it makes private PostgreSQL clusters with pg_createcluster)
#
# Environment (all optional):
#   DRILL_LOAD_SECONDS    seconds of load before the backup, between backup and target, and after
#                         the target (default 10)
#   DRILL_USERS, DRILL_THREADS, DRILL_SKIP_BUILD=1   as in bench/crash.sh
#
# Last line:
#   restore target=<time> wal_archived=<n> answered_before=<n> missing=0 invariants=ok verdict=PASS
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/drill-common.sh

load_seconds=${DRILL_LOAD_SECONDS:-10}
users=${DRILL_USERS:-10}
threads=${DRILL_THREADS:-6}
stamp=$(date -u +%Y%m%dT%H%M%SZ)
work=target/drills/restore-$stamp
# The archive and the backup belong to the postgres user, outside the checkout.
store=/var/lib/postgresql/okpay-drill-$stamp
mkdir -p "$work"
install -d -o postgres -g postgres -m 700 "$store" "$store/archive"
trap 'drill_cleanup; rm -rf "$store"' EXIT
exec > >(tee "$work/drill.log") 2>&1

drill_build bench/restore.sh
echo "== source cluster, archiving every WAL segment to $store/archive"
drill_cluster okpay_source archive_mode=on archive_timeout=5 \
  "archive_command=test ! -f $store/archive/%f && cp %p $store/archive/%f"
source_port=$pg_port_okpay_source
drill_app_start "$source_port" "$work/app.log"
drill_py prepare --users "$users" --out "$work/users.json"

echo "== load; base backup during it; the target moment during it"
drill_py load --users "$work/users.json" --log "$work/answers.jsonl" --threads "$threads" \
  --seconds $(( 3 * load_seconds + 300 )) --stop-file "$work/stop" &
load_pid=$!
DRILL_PIDS+=("$load_pid")
sleep "$load_seconds"
runuser -u postgres -- env PGPASSWORD="$DRILL_PG_PASSWORD" pg_basebackup -h 127.0.0.1 \
  -p "$source_port" -U postgres -D "$store/base" -X none -c fast
echo "base backup taken at $(date -u +%T)"
sleep "$load_seconds"
target=$(date -u +'%Y-%m-%d %H:%M:%S.%N' | cut -c1-26)+00
echo "target moment: $target"
sleep "$load_seconds"
touch "$work/stop"
wait "$load_pid"
drill_app_stop
# Everything up to now into the archive: switch to a new segment and wait until it is archived.
last=$(drill_sql "$source_port" "select pg_walfile_name(pg_switch_wal())")
for _ in $(seq 1 60); do
  [ -f "$store/archive/$last" ] && break
  sleep 1
done
[ -f "$store/archive/$last" ] || { echo "WAL segment $last was never archived" >&2; exit 1; }
wal_archived=$(ls "$store/archive" | grep -c '^[0-9A-F]\{24\}$' || true)
echo "archived WAL segments: $wal_archived"
pg_ctlcluster "$DRILL_PG_VERSION" okpay_source stop -m fast

echo "== restore into a new cluster up to $target"
drill_cluster okpay_restored
restored_port=$pg_port_okpay_restored
pg_ctlcluster "$DRILL_PG_VERSION" okpay_restored stop -m fast
data=/var/lib/postgresql/$DRILL_PG_VERSION/okpay_restored
find "$data" -mindepth 1 -delete
cp -a "$store/base/." "$data/"
cat >> "/etc/postgresql/$DRILL_PG_VERSION/okpay_restored/conf.d/drill.conf" <<EOF
restore_command = 'cp $store/archive/%f %p'
recovery_target_time = '$target'
recovery_target_action = 'promote'
EOF
runuser -u postgres -- touch "$data/recovery.signal"
pg_ctlcluster "$DRILL_PG_VERSION" okpay_restored start
for _ in $(seq 1 120); do
  [ "$(drill_sql "$restored_port" 'select pg_is_in_recovery()' 2>/dev/null)" = f ] && break
  sleep 1
done
[ "$(drill_sql "$restored_port" 'select pg_is_in_recovery()')" = f ] ||
  { echo "the restored cluster did not finish recovery" >&2; exit 1; }
echo "restored; last transaction replayed: $(drill_sql "$restored_port" \
  "select max(updated_at) from payments.transactions")"

echo "== checks on the restored database"
app_port=
drill_app_start "$restored_port" "$work/app-restored.log"
drill_py summary --log "$work/answers.jsonl" --before "${target/ /T}:00" \
  --ids-out "$work/answered-before.ids"
answered_before=$(wc -l < "$work/answered-before.ids")
missing=$(drill_missing "$restored_port" "$work/answered-before.ids")
after=$(drill_sql "$restored_port" "select count(*) from payments.transactions
                                     where created_at > '$target'")
echo "transactions created after the target in the restored database: $after (expected 0)"
invariants=$(drill_py invariants)
echo "$invariants"

verdict=PASS
[ "$missing" = 0 ] && [ "$after" = 0 ] && [ "$invariants" = invariants=ok ] &&
  [ "$answered_before" -gt 0 ] || verdict=FAIL
echo "logs: $work"
echo "restore target=${target/ /T} wal_archived=$wal_archived answered_before=$answered_before missing=$missing created_after_target=$after $invariants verdict=$verdict"
[ "$verdict" = PASS ]
