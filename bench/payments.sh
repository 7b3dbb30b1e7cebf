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
#   BENCH_JAVA_OPTS          extra JVM options
#   OKPAY_DB_POOL_SIZE, OKPAY_LEDGER_BATCH_MAX, OKPAY_LEDGER_LINGER, ...  the application's own
#
# Output ends with exactly one line:
#   payments p2p_tps=<n> pgbench_tps=<n at scale 1> ratio=<p2p/pgbench> p99_ms=<n>
set -euo pipefail
cd "$(dirname "$0")/.."

# The JDK is chosen exactly as ./okpay chooses it: its two functions, read from it.
eval "$(sed -n -e '/^java_major() {/,/^}/p' -e '/^find_jdk() {/,/^}/p' okpay)"
JAVA_HOME=$(find_jdk) || true
if [ -z "${JAVA_HOME:-}" ]; then
  echo "bench/payments.sh needs a JDK 21 or newer (see ./okpay)." >&2
  exit 1
fi
export JAVA_HOME PATH="$JAVA_HOME/bin:$PATH"

seconds=${BENCH_SECONDS:-30}
clients=${BENCH_CLIENTS:-32}
warmup=${BENCH_WARMUP_SECONDS:-10}
users=${BENCH_USERS:-2000}
friends=${BENCH_FRIENDS:-5}
amount=${BENCH_AMOUNT_MINOR:-100}
scale=${BENCH_PGBENCH_SCALE:-$clients}
export PGUSER=${OKPAY_BENCH_DB_USER:-postgres} PGPASSWORD=${OKPAY_BENCH_DB_PASSWORD:-}
url=${OKPAY_BENCH_DB_URL:-}
if [ -z "$url" ]; then
  psql -X -q -v ON_ERROR_STOP=1 -d "postgresql://127.0.0.1:5432/postgres" -tAc \
    "select 1 from pg_database where datname = 'okpay_bench_payments'" | grep -q 1 ||
    psql -X -q -v ON_ERROR_STOP=1 -d "postgresql://127.0.0.1:5432/postgres" \
      -c "create database okpay_bench_payments"
  url="jdbc:postgresql://127.0.0.1:5432/okpay_bench_payments"
fi
libpq="${url#jdbc:}"; libpq="${libpq%%\?*}" # the same server and database for psql and pgbench
db="${libpq##*/}"
case "$db" in
  *bench*) ;;
  *) echo "refusing to wipe database '$db': the bench database's name must contain 'bench'" >&2
     exit 1 ;;
esac
pg() { psql -X -q -v ON_ERROR_STOP=1 -d "$libpq" -tAc "$1"; }

mkdir -p bench/results target/bench
log="bench/results/payments-$(date -u +%Y%m%dT%H%M%SZ).log"
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
echo "run: BENCH_SECONDS=$seconds BENCH_CLIENTS=$clients BENCH_WARMUP_SECONDS=$warmup BENCH_USERS=$users BENCH_FRIENDS=$friends BENCH_AMOUNT_MINOR=$amount BENCH_PGBENCH_SCALE=$scale BENCH_COUNT_STATEMENTS=${BENCH_COUNT_STATEMENTS:-on}"

echo "== payments (the OKPay application started in-process; PaymentsApi.execute, send to a user)"
set +e
"$JAVA_HOME/bin/java" ${BENCH_JAVA_OPTS:-} -cp "target/bench/classes:$cp" \
  -Dbench.url="$url" -Dbench.user="$PGUSER" -Dbench.password="$PGPASSWORD" \
  -Dbench.seconds="$seconds" -Dbench.clients="$clients" -Dbench.warmupSeconds="$warmup" \
  -Dbench.users="$users" -Dbench.friends="$friends" -Dbench.amountMinor="$amount" \
  -Dbench.threads="${BENCH_THREADS:-virtual}" -Dbench.countStatements="${BENCH_COUNT_STATEMENTS:-on}" \
  okpay.bench.PaymentsBench | tee target/bench/payments.out
status=${PIPESTATUS[0]}
set -e
if [ "$status" != 0 ]; then
  echo "FAILED: the payments bench exited with $status (see above)"
  exit "$status"
fi
result() { sed -n "s/^bench-result mode=$1 .*$2=\([0-9.]*\).*/\1/p" target/bench/payments.out; }
p2p_tps=$(result p2p tps); p99=$(result p2p p99_ms)

# pgbench runs twice, as in bench/ledger.sh: at pgbench's default scale (1: every transaction
# updates the one branch row) and at scale = clients, which pgbench's documentation advises and
# which removes that hot row. The summary line compares with the first; the second ratio is
# printed just above it.
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
if [ -z "$pgbench_tps" ] || [ -z "$pgbench_scaled_tps" ] || [ -z "$p2p_tps" ] || [ -z "$p99" ]; then
  echo "FAILED: missing a result (p2p='$p2p_tps' p99='$p99' pgbench='$pgbench_tps' pgbench_scaled='$pgbench_scaled_tps')"
  exit 1
fi

echo "== summary (log: $log)"
grep -E '^p2p: (round trips|.*WAL flushes)' target/bench/payments.out | sed 's/^p2p: .*; WAL/p2p: WAL/'
awk -v u="$p2p_tps" -v p="$pgbench_scaled_tps" -v s="$scale" 'BEGIN {
  printf "against pgbench at scale %d (%d tps): ratio=%.2f\n", s, p + 0.5, u / p }'
awk -v u="$p2p_tps" -v p="$pgbench_tps" -v l="$p99" 'BEGIN {
  printf "against pgbench at scale 1 (%d tps): ratio=%.2f\n", p + 0.5, u / p
  printf "payments p2p_tps=%d pgbench_tps=%d ratio=%.2f p99_ms=%.1f\n", u + 0.5, p + 0.5, u / p, l }'
