#!/usr/bin/env bash
# The whole payment path (PaymentsApi.execute of a send to another user) against a real
# PostgreSQL server, next to pgbench's tpcb-like on the same server with the same client count.
# See docs/benchmarks.md.
#
#   bench/payments.sh
#
# Environment (all optional):
#   OKPAY_BENCH_DB_URL       JDBC URL of the bench database; default: the server on 127.0.0.1:5432,
#                            where database okpay_bench_payments is created if missing. The bench
#                            WIPES it (drops every schema) at the start, so its name must contain
#                            "bench".
#   OKPAY_BENCH_DB_USER      default postgres;  OKPAY_BENCH_DB_PASSWORD  default empty
#   BENCH_SECONDS            measured seconds, for the payments and for each pgbench run (default 30)
#   BENCH_CLIENTS            concurrent callers / pgbench clients (default 32)
#   BENCH_WARMUP_SECONDS     unmeasured load before the measured window (default 10: the JIT
#                            compiler is still busy with the payment path after 3 s)
#   BENCH_USERS              users with a funded USD balance (default 2000)
#   BENCH_FRIENDS            each sender pays one of the next N users (default 5)
#   BENCH_AMOUNT_MINOR       amount of every payment in cents (default 100 = USD 1.00)
#   BENCH_PGBENCH_SCALE      scale of the second pgbench run (default = BENCH_CLIENTS, as pgbench
#                            advises); the first always runs at pgbench's default scale, 1
#   BENCH_THREADS            virtual (default, as the application's request threads) | platform
#   BENCH_COUNT_STATEMENTS   on (default): count the application's JDBC statements and commits
#                            per payment through a proxy around its DataSource | off
#   BENCH_BACKLOG_SAMPLE_SECONDS  sample the notification outbox's pending rows every N s in the
#                            measured window and print the series and its slope (default 0: only
#                            the window's start and end); e.g. BENCH_SECONDS=300 with 10 checks
#                            issue 14's "backlog below 1,000 and not growing over 5 minutes"
#   BENCH_JAVA_OPTS          extra JVM options
#   OKPAY_DB_POOL_SIZE, OKPAY_LEDGER_BATCH_MAX, OKPAY_LEDGER_LINGER, ...  the application's own
#
# Output ends with exactly one line:
#   payments p2p_tps=<n> pgbench_tps=<n at scale 1> ratio=<p2p/pgbench> p99_ms=<n>
set -euo pipefail
cd "$(dirname "$0")/.."

. bench/common.sh
bench_jdk bench/payments.sh

seconds=${BENCH_SECONDS:-30}
clients=${BENCH_CLIENTS:-32}
warmup=${BENCH_WARMUP_SECONDS:-10}
users=${BENCH_USERS:-2000}
friends=${BENCH_FRIENDS:-5}
amount=${BENCH_AMOUNT_MINOR:-100}
scale=${BENCH_PGBENCH_SCALE:-$clients}
bench_database okpay_bench_payments

mkdir -p bench/results target/bench
log="bench/results/payments-$(date -u +%Y%m%dT%H%M%SZ).log"
exec > >(tee "$log") 2>&1

bench_build

bench_machine
echo "run: BENCH_SECONDS=$seconds BENCH_CLIENTS=$clients BENCH_WARMUP_SECONDS=$warmup BENCH_USERS=$users BENCH_FRIENDS=$friends BENCH_AMOUNT_MINOR=$amount BENCH_PGBENCH_SCALE=$scale BENCH_COUNT_STATEMENTS=${BENCH_COUNT_STATEMENTS:-on} BENCH_BACKLOG_SAMPLE_SECONDS=${BENCH_BACKLOG_SAMPLE_SECONDS:-0}"

echo "== payments (the OKPay application started in-process; PaymentsApi.execute, send to a user)"
set +e
"$JAVA_HOME/bin/java" ${BENCH_JAVA_OPTS:-} -cp "target/bench/classes:$cp" \
  -Dbench.url="$url" -Dbench.user="$PGUSER" -Dbench.password="$PGPASSWORD" \
  -Dbench.seconds="$seconds" -Dbench.clients="$clients" -Dbench.warmupSeconds="$warmup" \
  -Dbench.users="$users" -Dbench.friends="$friends" -Dbench.amountMinor="$amount" \
  -Dbench.threads="${BENCH_THREADS:-virtual}" -Dbench.countStatements="${BENCH_COUNT_STATEMENTS:-on}" \
  -Dbench.backlogSampleSeconds="${BENCH_BACKLOG_SAMPLE_SECONDS:-0}" \
  okpay.bench.PaymentsBench | tee target/bench/payments.out
status=${PIPESTATUS[0]}
set -e
if [ "$status" != 0 ]; then
  echo "FAILED: the payments bench exited with $status (see above)"
  exit "$status"
fi
result() { sed -n "s/^bench-result mode=$1 .*$2=\([0-9.]*\).*/\1/p" target/bench/payments.out; }
p2p_tps=$(result p2p tps); p99=$(result p2p p99_ms)

run_pgbench 1
run_pgbench "$scale"
pgbench_tps=$(cat target/bench/pgbench-1.tps)
pgbench_scaled_tps=$(cat "target/bench/pgbench-$scale.tps")
if [ -z "$pgbench_tps" ] || [ -z "$pgbench_scaled_tps" ] || [ -z "$p2p_tps" ] || [ -z "$p99" ]; then
  echo "FAILED: missing a result (p2p='$p2p_tps' p99='$p99' pgbench='$pgbench_tps' pgbench_scaled='$pgbench_scaled_tps')"
  exit 1
fi

echo "== summary (log: $log)"
grep -E '^p2p: (round trips|.*WAL flushes)' target/bench/payments.out | sed 's/^p2p: .*; WAL/p2p: WAL/'
grep -E '^p2p: (notifications written|outbox backlog max)' target/bench/payments.out || true
awk -v u="$p2p_tps" -v p="$pgbench_scaled_tps" -v s="$scale" 'BEGIN {
  printf "against pgbench at scale %d (%d tps): ratio=%.2f\n", s, p + 0.5, u / p }'
awk -v u="$p2p_tps" -v p="$pgbench_tps" -v l="$p99" 'BEGIN {
  printf "against pgbench at scale 1 (%d tps): ratio=%.2f\n", p + 0.5, u / p
  printf "payments p2p_tps=%d pgbench_tps=%d ratio=%.2f p99_ms=%.1f\n", u + 0.5, p + 0.5, u / p, l }'
