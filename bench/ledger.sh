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

# The JDK is chosen exactly as ./okpay chooses it: its two functions, read from it.
eval "$(sed -n -e '/^java_major() {/,/^}/p' -e '/^find_jdk() {/,/^}/p' okpay)"
JAVA_HOME=$(find_jdk) || true
if [ -z "${JAVA_HOME:-}" ]; then
  echo "bench/ledger.sh needs a JDK 21 or newer (see ./okpay)." >&2
  exit 1
fi
export JAVA_HOME PATH="$JAVA_HOME/bin:$PATH"

seconds=${BENCH_SECONDS:-30}
clients=${BENCH_CLIENTS:-32}
warmup=${BENCH_WARMUP_SECONDS:-3}
accounts=${BENCH_ACCOUNTS:-100000}
scale=${BENCH_PGBENCH_SCALE:-$clients}
export PGUSER=${OKPAY_BENCH_DB_USER:-postgres} PGPASSWORD=${OKPAY_BENCH_DB_PASSWORD:-}
url=${OKPAY_BENCH_DB_URL:-}
if [ -z "$url" ]; then
  psql -X -q -v ON_ERROR_STOP=1 -d "postgresql://127.0.0.1:5432/postgres" -tAc \
    "select 1 from pg_database where datname = 'okpay_bench'" | grep -q 1 ||
    psql -X -q -v ON_ERROR_STOP=1 -d "postgresql://127.0.0.1:5432/postgres" \
      -c "create database okpay_bench"
  url="jdbc:postgresql://127.0.0.1:5432/okpay_bench"
fi
libpq="${url#jdbc:}"; libpq="${libpq%%\?*}" # the same server and database for psql and pgbench
db="${libpq##*/}"
pg() { psql -X -q -v ON_ERROR_STOP=1 -d "$libpq" -tAc "$1"; }

mkdir -p bench/results target/bench
log="bench/results/ledger-$(date -u +%Y%m%dT%H%M%SZ).log"
exec > >(tee "$log") 2>&1

echo "== build"
build() { # Maven prints colour resets even in batch mode; keep the log plain
  mvn -B -q "$@" -DskipTests compile dependency:build-classpath -Dmdep.includeScope=runtime \
    -Dmdep.outputFile=target/bench/classpath.txt | sed 's/\x1b\[[0-9;]*m//g'
}
build -o 2>/dev/null || build
cp="target/classes:$(cat target/bench/classpath.txt)"
rm -rf target/bench/classes
javac --release 21 -nowarn -cp "$cp" -d target/bench/classes bench/src/okpay/bench/*.java

echo "== machine"
echo "cores: $(nproc); memory: $(free -g | awk '/^Mem:/ {print $2 " GiB"}'); java: $("$JAVA_HOME/bin/java" -version 2>&1 | head -n 1)"
echo "database: ${libpq} as ${PGUSER}; $(pg 'select version()' | cut -d, -f1)"
echo "synchronous_commit=$(pg 'show synchronous_commit') fsync=$(pg 'show fsync') (as seen by psql/pgbench)"
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

# pgbench runs twice: at pgbench's default scale (1: every transaction updates the one branch
# row, the setting behind the issue's and PERFORMANCE.md's reference figures), and at scale =
# clients, which pgbench's documentation advises and which removes that hot row. The summary line
# compares with the first; the second ratio is printed just above it.
run_pgbench() { # $1 = scale; prints the run and leaves its tps in target/bench/pgbench-$1.tps
  local run_scale=$1 threads start window sampler
  echo "== pgbench tpcb-like (scale $run_scale, $clients clients)"
  threads=$(( clients < 2 ? clients : 2 ))
  start=$(date +%s)
  pgbench -i -q -s "$run_scale" -I dtGvp "$libpq" 2>&1 | grep -v '^$' | tail -n 2
  echo "pgbench -i took $(( $(date +%s) - start )) s"
  pg "checkpoint" >/dev/null || true
  # pgbench's CPU share is sampled inside its run, while its backends live (see CpuSample).
  window=$(( seconds - 3 ))
  if [ "$window" -ge 1 ]; then
    "$JAVA_HOME/bin/java" -cp target/bench/classes okpay.bench.CpuSample 2 "$window" "$db" \
      > target/bench/pgbench.cpu 2>&1 &
    sampler=$!
  fi
  pgbench -c "$clients" -j "$threads" -T "$seconds" -b tpcb-like "$libpq" > target/bench/pgbench.out 2>&1 ||
    { cat target/bench/pgbench.out; echo "FAILED: pgbench"; exit 1; }
  [ "$window" -lt 1 ] || wait "$sampler"
  cat target/bench/pgbench.out
  [ "$window" -lt 1 ] || echo "pgbench: $(cat target/bench/pgbench.cpu) (seconds 2 to $(( window + 2 )) of its run)"
  pgbench -i -I d "$libpq" >/dev/null 2>&1 || true # drop pgbench's tables again
  sed -n 's/^tps = \([0-9.]*\).*/\1/p' target/bench/pgbench.out | tail -n 1 > "target/bench/pgbench-$run_scale.tps"
}
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
