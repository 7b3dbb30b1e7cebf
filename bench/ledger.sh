#!/usr/bin/env bash
# Ledger write-path benchmark against a real PostgreSQL server, next to pgbench's tpcb-like on the
# same server with the same client count. See docs/benchmarks.md.
#
#   bench/ledger.sh
#
# Environment (all optional):
#   OKPAY_BENCH_DB_URL       JDBC URL of the bench database; default: the server on 127.0.0.1:5432,
#                            where database okpay_bench is created if missing. The bench WIPES it
#                            (drops every schema) at the start, so its name must contain "bench".
#   OKPAY_BENCH_DB_USER      default postgres;  OKPAY_BENCH_DB_PASSWORD  default empty
#   BENCH_SECONDS            measured seconds per mode and for pgbench (default 30)
#   BENCH_CLIENTS            concurrent submitters / pgbench clients (default 32)
#   BENCH_WARMUP_SECONDS     unmeasured load before each ledger mode (default 3)
#   BENCH_ACCOUNTS           customer accounts (default 100000)
#   BENCH_PGBENCH_SCALE      scale of the second pgbench run (default = BENCH_CLIENTS, as pgbench
#                            advises); the first always runs at pgbench's default scale, 1
#   BENCH_THREADS            virtual (default, as the application's request threads) | platform
#   BENCH_JAVA_OPTS          extra JVM options
#   OKPAY_LEDGER_BATCH_MAX, OKPAY_LEDGER_LINGER, OKPAY_LEDGER_WRITERS, ...  the application's own
#
# Output ends with exactly one line:
#   ledger uniform_tps=<n> hot_tps=<n> pgbench_tps=<n> ratio=<uniform/pgbench> p99_ms=<uniform p99>
set -euo pipefail
cd "$(dirname "$0")/.."

. bench/common.sh
bench_jdk bench/ledger.sh

seconds=${BENCH_SECONDS:-30}
clients=${BENCH_CLIENTS:-32}
warmup=${BENCH_WARMUP_SECONDS:-3}
accounts=${BENCH_ACCOUNTS:-100000}
scale=${BENCH_PGBENCH_SCALE:-$clients}
bench_database okpay_bench

mkdir -p bench/results target/bench
log="bench/results/ledger-$(date -u +%Y%m%dT%H%M%SZ).log"
exec > >(tee "$log") 2>&1

bench_build

bench_machine
echo "run: BENCH_SECONDS=$seconds BENCH_CLIENTS=$clients BENCH_WARMUP_SECONDS=$warmup BENCH_ACCOUNTS=$accounts BENCH_PGBENCH_SCALE=$scale"

echo "== ledger (the OKPay application started in-process; its LedgerApi and LedgerWriter)"
set +e
"$JAVA_HOME/bin/java" ${BENCH_JAVA_OPTS:-} -cp "target/bench/classes:$cp" \
  -Dbench.url="$url" -Dbench.user="$PGUSER" -Dbench.password="$PGPASSWORD" \
  -Dbench.seconds="$seconds" -Dbench.clients="$clients" -Dbench.warmupSeconds="$warmup" \
  -Dbench.accounts="$accounts" -Dbench.threads="${BENCH_THREADS:-virtual}" \
  okpay.bench.LedgerBench | tee target/bench/ledger.out
status=${PIPESTATUS[0]}
set -e
if [ "$status" != 0 ]; then
  echo "FAILED: the ledger bench exited with $status (see above)"
  exit "$status"
fi
result() { sed -n "s/^bench-result mode=$1 .*$2=\([0-9.]*\).*/\1/p" target/bench/ledger.out; }
uniform_tps=$(result uniform tps); hot_tps=$(result hot tps); p99=$(result uniform p99_ms)

run_pgbench 1
run_pgbench "$scale"
pgbench_tps=$(cat target/bench/pgbench-1.tps)
pgbench_scaled_tps=$(cat "target/bench/pgbench-$scale.tps")
if [ -z "$pgbench_tps" ] || [ -z "$pgbench_scaled_tps" ] || [ -z "$uniform_tps" ] || [ -z "$hot_tps" ]; then
  echo "FAILED: missing a result (uniform='$uniform_tps' hot='$hot_tps' pgbench='$pgbench_tps' pgbench_scaled='$pgbench_scaled_tps')"
  exit 1
fi

echo "== summary (log: $log)"
awk -v u="$uniform_tps" -v p="$pgbench_scaled_tps" -v s="$scale" 'BEGIN {
  printf "against pgbench at scale %d (%d tps): ratio=%.2f\n", s, p + 0.5, u / p }'
awk -v u="$uniform_tps" -v h="$hot_tps" -v p="$pgbench_tps" -v l="$p99" 'BEGIN {
  printf "ledger uniform_tps=%d hot_tps=%d pgbench_tps=%d ratio=%.2f p99_ms=%.1f\n",
    u + 0.5, h + 0.5, p + 0.5, u / p, l }'
