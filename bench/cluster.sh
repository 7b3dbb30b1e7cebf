#!/usr/bin/env bash
# Several instances, one PostgreSQL: two instances of the packaged jar on one bench database
# behind HAProxy (round robin, health checks, redispatch of failed connections), driven by the
# mixed load of bench/api.sh plus merchant checkouts (Gatling, open model, bench/gatling
# ClusterLoad); instance 1 is killed with SIGKILL at a third of the window and restarted at two
# thirds while the load goes on through the proxy. Then, once the outboxes drained and the
# transactions settled (polled, with deadlines), the checks: ledger invariants and no transfer
# applied twice, every transaction final or a recorded finding, every notice, webhook and
# scheduled run once, the per-IP sign-in limit shared by both instances. See docs/cluster.md.
#
#   bench/cluster.sh
#
# Environment (all optional):
#   OKPAY_BENCH_DB_URL   JDBC URL of the bench database; default: the server on 127.0.0.1:5432,
#                        database okpay_bench_cluster (created if missing). The bench WIPES it, so
#                        its name must contain "bench". OKPAY_BENCH_DB_USER / _PASSWORD as api.sh.
#   BENCH_SECONDS        seconds of load (default 60); the kill at 1/3, the restart at 2/3
#   BENCH_USERS          prepared users (default 40)
#   BENCH_MIXED_RATE     scenarios started per second, open model (default 30)
#   BENCH_PORT           the proxy's port (default 18180); the instances take the next two
#   BENCH_DRAIN_SECONDS  longest wait for the outboxes and transactions to settle (default 300)
#   BENCH_START_SECONDS  longest wait for an instance to be healthy (default 600)
#   BENCH_JAVA_OPTS      JVM options of each instance (default -Xmx512m)
#
# Needs (Debian): haproxy, curl, jq, python3, postgresql-client, openssl.
# Output ends with exactly one line:
#   cluster instances=2 mixed_rps=<n> mixed_p99_ms=<n> kill_p99_ms=<n> killed_errors=<n> restart_ms=<n> invariants=PASS|FAIL settled=PASS|FAIL exactly_once=PASS|FAIL rate_limit=PASS|FAIL
set -euo pipefail
cd "$(dirname "$0")/.."

. bench/common.sh
. bench/api-common.sh
bench_jdk bench/cluster.sh

seconds=${BENCH_SECONDS:-60}
users=${BENCH_USERS:-40}
rate=${BENCH_MIXED_RATE:-30}
port=${BENCH_PORT:-18180}
drain_s=${BENCH_DRAIN_SECONDS:-300}
start_s=${BENCH_START_SECONDS:-600}
java_opts=${BENCH_JAVA_OPTS:--Xmx512m}
ports=("" $(( port + 1 )) $(( port + 2 )))
receiver_port=$(( port + 9 )) stats_port=$(( port + 8 ))
base="http://127.0.0.1:$port"
haproxy=$(command -v haproxy || echo /usr/sbin/haproxy)
[ -x "$haproxy" ] || { echo "bench/cluster.sh needs HAProxy (apt-get install haproxy)" >&2; exit 1; }
for tool in curl jq python3 psql openssl; do
  command -v "$tool" >/dev/null || { echo "bench/cluster.sh needs $tool (apt-get install curl jq python3 postgresql-client openssl)" >&2; exit 1; }
done
bench_database okpay_bench_cluster

mkdir -p bench/results target/bench
work=target/bench/cluster
rm -rf "$work"; mkdir -p "$work"
log="bench/results/cluster-$(date -u +%Y%m%dT%H%M%SZ).log"
exec > >(tee "$log") 2>&1

pids=()
cleanup() { local pid; for pid in "${pids[@]}"; do kill -9 "$pid" 2>/dev/null || true; done; }
trap cleanup EXIT
now_ms() { date +%s%3N; }

api_package
api_empty_database
bench_machine
echo "full_page_writes=$(pg 'show full_page_writes') wal_level=$(pg 'show wal_level') (server settings; the application sets none of them per session)"
echo "run: BENCH_SECONDS=$seconds BENCH_USERS=$users BENCH_MIXED_RATE=$rate BENCH_PORT=$port BENCH_DRAIN_SECONDS=$drain_s BENCH_JAVA_OPTS='$java_opts'"
echo "haproxy: $("$haproxy" -v | head -n 1)"

admin_token=bench-admin-$(od -An -N8 -tx8 /dev/urandom | tr -d ' ')
# One audit checkpoint key for both instances (the application asks it of several instances).
audit_key=$(openssl genpkey -algorithm ed25519 -outform DER | base64 -w0)
# Instance $1 (1 or 2) on ports[$1]. Shorter leases than production's (notify 15 min, webhooks
# 2 min) so that what the killed instance had claimed is taken over within the drain deadline.
start_instance() {
  OKPAY_DB_URL="$url" OKPAY_DB_USER="$PGUSER" OKPAY_DB_PASSWORD="$PGPASSWORD" \
    OKPAY_ADMIN_TOKEN="$admin_token" OKPAY_VELOCITY_MAX=1000000000 \
    OKPAY_WEBHOOKS_ALLOW_PRIVATE_TARGETS=true OKPAY_PUBLIC_URL="$base" \
    OKPAY_AUDIT_SIGNING_KEY="$audit_key" OKPAY_AUDIT_DIR="$work/audit" \
    "$JAVA_HOME/bin/java" $java_opts -jar "$jar" --server.address=127.0.0.1 --server.port="${ports[$1]}" \
    --okpay.notify.mailbox-keep=10000 --okpay.notify.lease=40s --okpay.notify.send-time-max=20s \
    --okpay.merchants.webhooks.timeout=5s --okpay.merchants.webhooks.lease=20s \
    >> "$work/app$1.log" 2>&1 &
  app[$1]=$!
  disown "${app[$1]}" # the SIGKILL is intended: no "Killed" report from the shell
  pids+=("${app[$1]}")
}
wait_healthy() { # $1 instance, $2 when it was started (ms); sets healthy_ms
  until curl -fs -m 2 "http://127.0.0.1:${ports[$1]}/actuator/health" 2>/dev/null | grep -q '"status":"UP"'; do
    if ! kill -0 "${app[$1]}" 2>/dev/null || (( $(now_ms) - $2 > start_s * 1000 )); then
      tail -n 40 "$work/app$1.log"; echo "FAILED: instance $1 was not healthy within $start_s s"; exit 1
    fi
    sleep 0.2
  done
  healthy_ms=$(( $(now_ms) - $2 ))
}

declare -a app
echo "== start both instances at once (Flyway's lock lets one migrate while the other waits)"
t=$(now_ms); start_instance 1; start_instance 2
wait_healthy 1 "$t"; echo "instance 1 on :${ports[1]} healthy after $healthy_ms ms (migrations on an empty database included)"
wait_healthy 2 "$t"; echo "instance 2 on :${ports[2]} healthy after $healthy_ms ms"

echo "== HAProxy on :$port (round robin, health check /actuator/health every second, 3 retries with redispatch on connection failure)"
cat > "$work/haproxy.cfg" <<CFG
global
  log stdout format raw local0 info
  maxconn 4096
defaults
  mode http
  log global
  # accept time, server, status, active ms, termination state, retries, method, path, Idempotency-Key
  log-format "%Ts.%ms %s %ST %Ta %tsc %rc %HM %HP %[capture.req.hdr(0)]"
  timeout connect 1s
  timeout client 60s
  timeout server 60s
  # A loaded instance may take a while to answer its health check; a dead one refuses at once.
  timeout check 5s
  retries 3
  option redispatch 1
frontend okpay
  bind 127.0.0.1:$port
  option forwardfor
  capture request header Idempotency-Key len 64
  default_backend instances
backend instances
  balance roundrobin
  option httpchk GET /actuator/health
  http-check expect status 200
  default-server inter 1s fall 3 rise 2
  server app1 127.0.0.1:${ports[1]} check
  server app2 127.0.0.1:${ports[2]} check
listen stats
  bind 127.0.0.1:$stats_port
  stats enable
  stats uri /stats
CFG
"$haproxy" -c -q -f "$work/haproxy.cfg"
"$haproxy" -db -f "$work/haproxy.cfg" > "$work/haproxy.log" 2>&1 &
pids+=($!)
until curl -fs -m 2 "$base/actuator/health" 2>/dev/null | grep -q '"status":"UP"'; do sleep 0.2; done

# Each prepared user's requests carry its own X-Forwarded-For (HAProxy appends its peer, which
# OKPay trusts), so the production per-IP limits on sign-in and registration stay in force.
BENCH_PREPARE_XFF=10.77 api_prepare_users "$users" "$work/bench"

echo "== merchant with a webhook endpoint on a local receiver (:$receiver_port)"
owner=$(sed -n 2p "$work/bench-users.csv" | cut -d, -f1)
auth=(-H "Authorization: Bearer $owner" -H 'Content-Type: application/json' -H 'Accept-Language: en')
merchant=$(curl -fsS "$base/api/v1/me/merchants" "${auth[@]}" -d '{"businessName":"Bench Shop","category":"retail","country":"US","supportEmail":"shop@example.com","settlementCurrency":"USD","refundPolicy":"Refunds within 30 days."}' | jq -r .id)
merchant_key=$(curl -fsS "$base/api/v1/me/merchants/$merchant/keys" "${auth[@]}" -d '{"name":"bench","type":"secret"}' | jq -r .secret)
endpoint=$(curl -fsS "$base/api/v1/merchant/webhook-endpoints" -H "Authorization: Bearer $merchant_key" \
  -H 'Content-Type: application/json' \
  -d "{\"url\":\"http://127.0.0.1:$receiver_port/hooks\",\"enabledEvents\":[\"checkout.session.completed\",\"payment.succeeded\",\"payment.failed\"]}")
WEBHOOK_SECRET=$(jq -r .secret <<<"$endpoint") python3 -B bench/cluster/webhook_receiver.py \
  "$receiver_port" "$work/webhooks.jsonl" &
pids+=($!)
echo "merchant $merchant, endpoint $(jq -r .id <<<"$endpoint")"

echo "== load: $rate scenarios/s for $seconds s through the proxy; SIGKILL instance 1 at $(( seconds / 3 )) s, restart at $(( seconds * 2 / 3 )) s"
lines_before=$(wc -l < "$work/haproxy.log")
api_gatling ClusterLoad "$work/gatling.out" \
  -Dbench.baseUrl="$base" -Dbench.usersFile="$PWD/$work/bench-users.csv" \
  -Dbench.payeesFile="$PWD/$work/bench-payees.csv" -Dbench.rate="$rate" -Dbench.seconds="$seconds" \
  -Dbench.merchantKey="$merchant_key" &
gatling=$!
pids+=("$gatling")
until [ "$(wc -l < "$work/haproxy.log")" -gt "$lines_before" ]; do # the first request of the load
  kill -0 "$gatling" 2>/dev/null || { tail -n 30 "$work/gatling.out"; echo "FAILED: Gatling stopped"; exit 1; }
  sleep 0.1
done
load_start=$(now_ms)
sleep $(( seconds / 3 ))
kill_at=$(now_ms)
kill -9 "${app[1]}"
echo "SIGKILL instance 1 (pid ${app[1]}) at $(date -u +%T) (+$(( (kill_at - load_start) / 1000 )) s)"
sleep $(( seconds * 2 / 3 - seconds / 3 ))
t=$(now_ms); start_instance 1
wait_healthy 1 "$t"
restart_ms=$healthy_ms
up_at=$(now_ms)
echo "instance 1 restarted at +$(( (t - load_start) / 1000 )) s, healthy after $restart_ms ms"
wait "$gatling" || true
load_end=$(now_ms)
sed -n '/Global Information/,/^=====/p' "$work/gatling.out" || true
grep -q 'Global Information' "$work/gatling.out" || { tail -n 30 "$work/gatling.out"; echo "FAILED: Gatling printed no summary"; exit 1; }
mixed_p99=$(api_gatling_total "$work/gatling.out" '99th percentile')
mixed_rps=$(api_gatling_total "$work/gatling.out" 'mean throughput' | awk '{ printf "%.0f", $1 }')
tail -n +"$(( lines_before + 1 ))" "$work/haproxy.log" > "$work/load.log"

echo "== settle: wait (at most $drain_s s) for open transactions, the notify outbox and webhook deliveries"
drain_started=$(now_ms)
open_now() {
  pg "select (select count(*) from payments.transactions t where t.state in ('created', 'pending', 'processing', 'on_hold')
                and not exists (select 1 from payments.reconciliation_findings f where f.transaction_id = t.id and f.resolved_at is null))
           || ' ' || (select count(*) from notify.outbox where status = 'pending')
           || ' ' || (select count(*) from merchants.webhook_deliveries where status = 'pending')"
}
while read -r tx_open outbox_open hooks_open < <(open_now); do
  [ "$tx_open $outbox_open $hooks_open" = "0 0 0" ] && break
  (( $(now_ms) - drain_started < drain_s * 1000 )) || { echo "deadline: still open: transactions=$tx_open outbox=$outbox_open webhooks=$hooks_open"; break; }
  sleep 1
done
echo "settled after $(( ($(now_ms) - drain_started) / 1000 )) s: open transactions without a finding=$tx_open, notify outbox pending=$outbox_open, webhook deliveries pending=$hooks_open"

echo "== checks"
python3 -B bench/cluster/checks.py --libpq "$libpq" --base "$base" --admin-token "$admin_token" \
  --load-log "$work/load.log" --receiver-log "$work/webhooks.jsonl" \
  --instances "http://127.0.0.1:${ports[1]},http://127.0.0.1:${ports[2]}" --app-logs "$work/app1.log,$work/app2.log" \
  --load-start "$load_start" --load-end "$load_end" --kill-at "$kill_at" --up-at "$up_at" \
  --webhook-timeout-ms 5000 --webhook-lease-ms 20000 --login-limit 20 \
  --login-email "$(sed -n 3p "$work/bench-users.csv" | cut -d, -f2)" --login-password Velvet-Otter-Harbor-7193 | tee "$work/checks.out"
summary=$(tail -n 1 "$work/checks.out")
echo "haproxy stats: $(curl -fs "http://127.0.0.1:$stats_port/stats;csv" | awk -F, '$1 == "instances" && $2 ~ /^app/ { printf "%s sessions=%s 5xx=%s retries=%s redispatched=%s; ", $2, $8, $44, $16, $17 }')"
echo "log: $log"
echo "cluster instances=2 mixed_rps=$mixed_rps mixed_p99_ms=$mixed_p99 restart_ms=$restart_ms $summary"
