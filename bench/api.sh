#!/usr/bin/env bash
# The real HTTP path: the packaged jar on a real PostgreSQL server, driven over HTTP by kept load
# generators, next to pgbench's tpcb-like on the same server in the same run. See
# docs/benchmarks.md.
#
#   bench/api.sh
#
# Two workloads:
#   p2p    POST /api/v1/me/transfers with bearer tokens and unique Idempotency-Keys, BENCH_CLIENTS
#          connections in a closed loop (wrk from Debian, script bench/api/p2p.lua)
#   mixed  70 % reads (balances, history's first page, a tracker) and 30 % writes (p2p, card
#          top-ups) at a fixed arrival rate, an open model, so a slow answer shows as latency
#          instead of lowering the load (Gatling from Maven Central, bench/gatling)
# Before the measured p2p windows the application is warmed up in rounds until a round costs the
# JIT compilers less than BENCH_JIT_SETTLED_MS of compile time (jstat -compiler), and the
# compile time inside each measured window is printed. The ratio's two sides are measured in
# turn, BENCH_PAIRS times (a p2p window, then pgbench tpcb-like at scale 1 with the application
# idle), so a host whose speed drifts moves both sides of a pair alike; the pair with the
# median ratio is reported, and every pair is printed.
#
# Environment (all optional):
#   OKPAY_BENCH_DB_URL         JDBC URL of the bench database; default: the server on
#                              127.0.0.1:5432, database okpay_bench_api (created if missing). The
#                              bench WIPES it (drops every schema), so its name must contain "bench".
#   OKPAY_BENCH_DB_USER        default postgres;  OKPAY_BENCH_DB_PASSWORD  default empty
#   BENCH_SECONDS              measured seconds of each workload and of each pgbench run (default 30)
#   BENCH_CLIENTS              p2p connections and pgbench clients (default 32)
#   BENCH_USERS                prepared users, each with a card and USD 5,000.00 (default 200; half the daily card top-up limit, so the mixed top-ups fit)
#   BENCH_MIXED_RATE           mixed requests per second (default: half the measured p2p rate)
#   BENCH_PAIRS                p2p windows, each followed by a pgbench run at scale 1 (default 3)
#   BENCH_WARMUP_ROUND_SECONDS one warm-up round (default 15)
#   BENCH_WARMUP_ROUNDS_MAX    at most this many rounds (default 8)
#   BENCH_JIT_SETTLED_MS       a round with less JIT compile time than this ends the warm-up (default 300)
#   BENCH_MIXED_MORE_RATES     more mixed rates, measured one after the other after the first
#                              (e.g. "450 1000"; default none): where the p99 goes as the rate nears
#                              and passes what the machine answers
#   BENCH_PGBENCH_SCALE        scale of the second pgbench run (default = BENCH_CLIENTS)
#   BENCH_PORT                 the application's port (default 18080)
#   BENCH_JAVA_OPTS            JVM options of the application (default: ./okpay run's, pom.xml's
#                              spring-boot.run.jvmArguments; set it empty for the JVM's defaults)
#   BENCH_MIXED_WARMUP_ROUNDS_MAX  rounds of the mixed workload at its rate before the measured
#                              one, each BENCH_WARMUP_ROUND_SECONDS long, until a round costs the
#                              JIT less than BENCH_JIT_SETTLED_MS (default 8; 0: none): the reads'
#                              and top-ups' code is compiled before the window, as the payments'
#                              is before the p2p window (seen: 19.8 s of compile time in a first
#                              mixed round of 20 s, and its p99 5.6 s)
#   BENCH_JAR                  the jar to start (default: the packaged target/okpay-*.jar; see api-common.sh)
#
# Output ends with exactly one line:
#   api p2p_rps=<n> pgbench_tps=<n> ratio=<p2p_rps/pgbench_tps at scale 1> p99_ms=<n> mixed_rps=<n> mixed_p99_ms=<n> rss_mb=<n>
set -euo pipefail
cd "$(dirname "$0")/.."

. bench/common.sh
. bench/api-common.sh
bench_jdk bench/api.sh

seconds=${BENCH_SECONDS:-30}
mixed_rounds_max=${BENCH_MIXED_WARMUP_ROUNDS_MAX:-8}
# The application as ./okpay run starts it, unless BENCH_JAVA_OPTS is set (even empty).
BENCH_JAVA_OPTS=${BENCH_JAVA_OPTS-$(sed -n 's|.*<spring-boot.run.jvmArguments>\(.*\)</spring-boot.run.jvmArguments>.*|\1|p' pom.xml | head -n 1)}
clients=${BENCH_CLIENTS:-32}
users=${BENCH_USERS:-200}
round=${BENCH_WARMUP_ROUND_SECONDS:-15}
rounds_max=${BENCH_WARMUP_ROUNDS_MAX:-8}
pairs=${BENCH_PAIRS:-3}
settled_ms=${BENCH_JIT_SETTLED_MS:-300}
scale=${BENCH_PGBENCH_SCALE:-$clients}
port=${BENCH_PORT:-18080}
base="http://127.0.0.1:$port"
for tool in wrk curl jq pgbench; do
  command -v "$tool" >/dev/null || { echo "bench/api.sh needs $tool (apt-get install wrk curl jq postgresql-client)" >&2; exit 1; }
done
bench_database okpay_bench_api

mkdir -p bench/results target/bench
log="bench/results/api-$(date -u +%Y%m%dT%H%M%SZ).log"
exec > >(tee "$log") 2>&1

bench_build
api_package

api_empty_database
bench_machine
echo "full_page_writes=$(pg 'show full_page_writes') wal_level=$(pg 'show wal_level') (server settings; the application sets none of them per session)"
echo "run: BENCH_SECONDS=$seconds BENCH_PAIRS=$pairs BENCH_CLIENTS=$clients BENCH_USERS=$users BENCH_MIXED_RATE=${BENCH_MIXED_RATE:-auto} BENCH_WARMUP_ROUND_SECONDS=$round BENCH_WARMUP_ROUNDS_MAX=$rounds_max BENCH_JIT_SETTLED_MS=$settled_ms BENCH_MIXED_WARMUP_ROUNDS_MAX=$mixed_rounds_max BENCH_PGBENCH_SCALE=$scale BENCH_JAVA_OPTS='${BENCH_JAVA_OPTS:-}'"

echo "== start $jar"
started=$(date +%s%N)
# The velocity limit stays at its production maximum (20 requests), over a window of 1 s
# instead of 10 minutes: each bench user pays about BENCH_CLIENTS / BENCH_USERS times per
# round trip (about 3 times a second at 600 payments/s), far more than a person, and the count
# reads what production's does (at most 20 rows per check), not a lifted maximum's thousands.
api_start_app target/bench/api-app.log OKPAY_PAYMENTS_VELOCITYWINDOW=1s
echo "start to healthy: $(( ($(date +%s%N) - started) / 1000000 )) ms (migrations on an empty database included)"

api_prepare_users "$users" target/bench/api

# As pgbench -i does for its own tables: planner statistics before the load. A server with
# autovacuum off never gathers any, and plans made for the empty tables stay in the
# connections' caches (seen: a 32-row update by id taking 61 ms, 123 payments/s instead of 276).
echo "== vacuum analyze (autovacuum=$(pg 'show autovacuum'))"
pg "vacuum analyze" >/dev/null

jit_ms() { "$JAVA_HOME/bin/jstat" -compiler "$app" | awk 'NR == 2 { printf "%d", $4 * 1000 }'; }
export BENCH_USERS_FILE=$PWD/target/bench/api-users.csv
p2p() { # $1 seconds, $2 run id; prints wrk's output
  BENCH_RUN_ID="$2" wrk -t 2 -c "$clients" -d "${1}s" --timeout 30s --latency -s bench/api/p2p.lua "$base"
}

echo "== warm-up: rounds of ${round} s p2p until a round costs the JIT less than ${settled_ms} ms"
for r in $(seq "$rounds_max"); do
  before=$(jit_ms)
  rps=$(p2p "$round" "warm$r-$run" | sed -n 's/^Requests\/sec: *\([0-9.]*\).*/\1/p')
  spent=$(( $(jit_ms) - before ))
  echo "round $r: ${rps} payments/s, JIT compile time ${spent} ms"
  [ "$spent" -lt "$settled_ms" ] && break
done

# Where PostgreSQL's time goes per payment, when the server loads pg_stat_statements: counted
# over the first measured window only.
statements=
if pg "show shared_preload_libraries" | grep -q pg_stat_statements; then
  pg "create extension if not exists pg_stat_statements" >/dev/null && statements=1
fi
outbox_pending() { pg "select count(*) from notify.outbox where status = 'pending'"; }
window=$(( seconds - 3 ))

# One measured p2p window, $1 its number: wrk's output in target/bench/api-p2p-$1.out, the CPU
# sample in .cpu; the first window also prints statements and thread CPU.
p2p_window() {
  local i=$1 backlog_start backlog_end payments in_db sampler before
  # As before each pgbench run (bench/common.sh): every measured window starts right after a
  # checkpoint, so none of them gets a checkpoint's full-page writes by chance.
  bench_speed_probe "p2p-$i"
  pg "checkpoint" >/dev/null
  [ "$i" != 1 ] || [ -z "$statements" ] || pg "select pg_stat_statements_reset()" >/dev/null
  echo "== p2p window $i of $pairs: $clients connections, closed loop, ${seconds} s"
  "$JAVA_HOME/bin/java" -cp target/bench/classes okpay.bench.CpuSample 2 "$window" "$db" app "$app" > "target/bench/api-p2p-$i.cpu" 2>&1 &
  sampler=$!
  before=$(jit_ms)
  backlog_start=$(outbox_pending)
  api_thread_ticks "$app" > target/bench/api-p2p.threads-before
  p2p "$seconds" "p2p$i-$run" | tee "target/bench/api-p2p-$i.out"
  api_thread_ticks "$app" > target/bench/api-p2p.threads-after
  backlog_end=$(outbox_pending)
  wait "$sampler"
  echo "p2p: $(cat "target/bench/api-p2p-$i.cpu") (seconds 2 to $(( window + 2 )))"
  rps=$(sed -n 's/^Requests\/sec: *\([0-9.]*\).*/\1/p' "target/bench/api-p2p-$i.out")
  # The cores each side used, per payment: what a run of other code or on another day compares.
  sed -n 's/.*= app \([0-9.]*\) + PostgreSQL for this database \([0-9.]*\) .*/\1 \2/p' "target/bench/api-p2p-$i.cpu" |
    awk -v r="$rps" '{ printf "p2p: CPU per payment: application %.2f ms + PostgreSQL %.2f ms = %.2f ms\n", $1 * 1000 / r, $2 * 1000 / r, ($1 + $2) * 1000 / r }'
  echo "p2p: notification outbox backlog (pending rows): $backlog_start at the start of the window, $backlog_end at its end (issue 14: below 1,000 and not growing)"
  echo "p2p: JIT compile time inside the measured window: $(( $(jit_ms) - before )) ms"
  non_201=$(sed -n 's/^bench-wrk non_201=\([0-9]*\).*/\1/p' "target/bench/api-p2p-$i.out")
  [ "${non_201:-1}" = 0 ] || echo "WARNING: $non_201 p2p answers were not 201 (see above); they count in p2p_rps"
  [ "$i" = 1 ] || return 0
  echo "p2p: the application's thread CPU over the window by thread (from /proc; virtual threads run on ForkJoinPool-N-worker-N):"
  api_thread_shares target/bench/api-p2p.threads-before target/bench/api-p2p.threads-after
  [ -n "$statements" ] || return 0
  payments=$(sed -n 's/^ *\([0-9]*\) requests in .*/\1/p' "target/bench/api-p2p-$i.out")
  in_db="dbid = (select oid from pg_database where datname = current_database())"
  echo "p2p: PostgreSQL's execution time per payment by statement over the window (pg_stat_statements, top 12; commits and WAL flushes are not in it):"
  pg "select format('%8s ms %6s calls  %s', to_char(total_exec_time / $payments, 'FM9990.000'),
                    to_char(calls::numeric / $payments, 'FM990.00'),
                    left(regexp_replace(query, '\s+', ' ', 'g'), 110))
        from pg_stat_statements where $in_db order by total_exec_time desc limit 12"
  echo "p2p: all statements: $(pg "select to_char(sum(total_exec_time) / $payments, 'FM9990.000') || ' ms and '
        || to_char(sum(calls)::numeric / $payments, 'FM990.0') || ' calls per payment'
        from pg_stat_statements where $in_db")"
  echo "p2p: HOT updates of payments.transactions: $(pg "select n_tup_hot_upd || ' of ' || n_tup_upd
        from pg_stat_user_tables where relid = 'payments.transactions'::regclass") since the database was made"
}

# The ratio's two sides measured in turn, BENCH_PAIRS times: a p2p window, then pgbench at
# scale 1 on the same server with the application idle. A host whose speed drifts between the
# windows (seen: the same jar 813, 765 and 574 payments/s, its speed probe 22 % apart) moves
# both sides of a pair alike; the line reports the pair with the median ratio, and every pair
# is printed, so how far the pairs agree is in the log.
: > target/bench/api-pairs.txt
for i in $(seq "$pairs"); do
  p2p_window "$i"
  run_pgbench 1
  rps=$(sed -n 's/^Requests\/sec: *\([0-9.]*\).*/\1/p' "target/bench/api-p2p-$i.out")
  p99=$(sed -n 's/^bench-wrk .*p99_us=\([0-9]*\).*/\1/p' "target/bench/api-p2p-$i.out" | awk '{ printf "%.1f", $1 / 1000 }')
  tps=$(cat target/bench/pgbench-1.tps)
  [ -n "$rps" ] && [ -n "$p99" ] && [ -n "$tps" ] || { echo "FAILED: pair $i is missing a result (p2p='$rps' p99='$p99' pgbench='$tps')"; exit 1; }
  echo "$i $rps $p99 $tps $(awk -v a="$rps" -v b="$tps" 'BEGIN { printf "%.3f", a / b }') $(cat "target/bench/speed-p2p-$i.ms")" >> target/bench/api-pairs.txt
done
echo "== pairs (p2p window, then pgbench tpcb-like at scale 1):"
awk '{ printf "pair %d: p2p %.0f payments/s (p99 %s ms), pgbench %.0f tps, ratio %s, speed probe %s ms\n", $1, $2, $3, $4, $5, $6 }' target/bench/api-pairs.txt
median=$(sort -k5,5n target/bench/api-pairs.txt | awk -v n="$pairs" 'NR == int((n + 1) / 2)')
read -r _ p2p_rps p99_ms pgbench_tps ratio _ <<< "$median"
echo "ratios of the pairs: $(awk '{ print $5 }' target/bench/api-pairs.txt | sort -n | paste -sd ' '); the median's pair is reported; spread (max - min) / median: $(awk -v m="$ratio" 'NR == 1 { lo = $5; hi = $5 } { if ($5 < lo) lo = $5; if ($5 > hi) hi = $5 } END { printf "%.1f %%", 100 * (hi - lo) / m }' target/bench/api-pairs.txt)"

rate=${BENCH_MIXED_RATE:-$(awk -v r="$p2p_rps" 'BEGIN { printf "%d", r / 2 }')}
mixed() { # $1 seconds, $2 output file, $3 rate (default $rate)
  api_gatling MixedLoad "$2" \
    -Dbench.baseUrl="$base" -Dbench.usersFile="$PWD/target/bench/api-users.csv" \
    -Dbench.payeesFile="$PWD/target/bench/api-payees.csv" -Dbench.rate="${3:-$rate}" -Dbench.seconds="$1"
}
[ "$mixed_rounds_max" -gt 0 ] &&
  echo "== mixed warm-up: rounds of ${round} s at ${rate} requests/s until a round costs the JIT less than ${settled_ms} ms"
for r in $(seq "$mixed_rounds_max"); do
  before=$(jit_ms)
  mixed "$round" target/bench/api-mixed-warmup.out
  spent=$(( $(jit_ms) - before ))
  echo "mixed round $r: p99 $(api_gatling_total target/bench/api-mixed-warmup.out '99th percentile') ms, JIT compile time ${spent} ms"
  [ "$spent" -lt "$settled_ms" ] && break
done
pg "checkpoint" >/dev/null
echo "== mixed: ${rate} requests/s arriving on schedule (open model), ${seconds} s"
"$JAVA_HOME/bin/java" -cp target/bench/classes okpay.bench.CpuSample 2 "$window" "$db" app "$app" > target/bench/api-mixed.cpu 2>&1 &
sampler=$!
before=$(jit_ms)
mixed "$seconds" target/bench/api-mixed.out
wait "$sampler"
sed -n '/Global Information/,/^=====/p' target/bench/api-mixed.out || true
grep -q 'Global Information' target/bench/api-mixed.out || { tail -n 30 target/bench/api-mixed.out; echo "FAILED: Gatling printed no summary"; exit 1; }
echo "mixed: $(cat target/bench/api-mixed.cpu) (seconds 2 to $(( window + 2 )))"
echo "mixed: JIT compile time inside the measured window: $(( $(jit_ms) - before )) ms"
echo "mixed: by request, p50 / p95 / p99 ms: $(api_gatling_by_request "$(ls -td target/bench/gatling-results/mixedload-* | head -n 1)")"
total() { api_gatling_total target/bench/api-mixed.out "$1"; }
ko() { api_gatling_ko target/bench/api-mixed.out "$1"; }
mixed_p99=$(total '99th percentile')
mixed_rps=$(total 'mean throughput' | awk '{ printf "%.0f", $1 }')
mixed_ko=$(ko 'request count'); [ "$mixed_ko" = - ] && mixed_ko=0
[ "${mixed_ko:-0}" = 0 ] || echo "WARNING: $mixed_ko mixed requests failed (KO)"
for more in ${BENCH_MIXED_MORE_RATES:-}; do
  pg "checkpoint" >/dev/null
  "$JAVA_HOME/bin/java" -cp target/bench/classes okpay.bench.CpuSample 2 "$window" "$db" app "$app" > target/bench/api-mixed-more.cpu 2>&1 &
  sampler=$!
  mixed "$seconds" target/bench/api-mixed-more.out "$more"
  wait "$sampler"
  more_total() { api_gatling_total target/bench/api-mixed-more.out "$1"; }
  echo "mixed at $more requests/s offered: answered $(more_total 'mean throughput')/s, p50 $(more_total '50th percentile') ms, p99 $(more_total '99th percentile') ms, KO $(api_gatling_ko target/bench/api-mixed-more.out 'request count'); $(cat target/bench/api-mixed-more.cpu)"
done

rss_mb=$(( $(ps -o rss= -p "$app") / 1024 ))
flags=$("$JAVA_HOME/bin/jcmd" "$app" VM.flags)
echo "== memory: RSS ${rss_mb} MB under load (BENCH_JAVA_OPTS='${BENCH_JAVA_OPTS:-}': $(echo "$flags" | grep -oE 'MaxHeapSize=[0-9]+' | head -n 1 | awk -F= '{ printf "max heap %d MB", $2 / 1048576 }'), $(echo "$flags" | grep -oE 'Use[A-Za-z0-9]+GC' | head -n 1))"
"$JAVA_HOME/bin/jcmd" "$app" GC.run >/dev/null
# The heap's lines (G1: one "garbage-first heap ... used"; Serial: DefNew and Tenured).
echo "heap after a full GC: $("$JAVA_HOME/bin/jcmd" "$app" GC.heap_info | grep -E '(heap|generation|DefNew|Tenured) +total' | grep -oE 'used [0-9]+K' | awk '{ k += $2 } END { printf "%d MB", k / 1024 }')"
kill "$app"; wait "$app" 2>/dev/null || true
trap - EXIT

bench_speed_probe pgbench
run_pgbench "$scale"
pgbench_scaled_tps=$(cat "target/bench/pgbench-$scale.tps")
if [ -z "$pgbench_scaled_tps" ] || [ -z "$mixed_p99" ]; then
  echo "FAILED: missing a result (pgbench at scale $scale='$pgbench_scaled_tps' mixed_p99='$mixed_p99')"
  exit 1
fi
ratio_scaled=$(awk -v a="$p2p_rps" -v b="$pgbench_scaled_tps" 'BEGIN { printf "%.3f", a / b }')
echo "p2p/pgbench at scale $scale: $ratio_scaled (pgbench $pgbench_scaled_tps tps)"
echo "log: $log"
echo "speed probes (the same CPU task; a slower machine takes longer): $(for i in $(seq "$pairs"); do printf '%s ' "$(cat "target/bench/speed-p2p-$i.ms")"; done)ms before the p2p windows, $(cat target/bench/speed-pgbench.ms) ms before pgbench at scale $scale"
echo "api p2p_rps=$(printf '%.0f' "$p2p_rps") pgbench_tps=$(printf '%.0f' "$pgbench_tps") ratio=$ratio p99_ms=$p99_ms mixed_rps=$mixed_rps mixed_p99_ms=$mixed_p99 rss_mb=$rss_mb"
