# Shared by bench/api.sh, bench/cluster.sh and bench/history.sh (sourced, not run; needs bench/common.sh first):
# the packaged jar and Gatling, the bench database emptied, users prepared over HTTP, a Gatling
# simulation run and its summary read. Each function says what it sets.

# Starts the packaged jar ($jar) on the bench database ($url) on $port with the sign-in and
# registration limits lifted, and waits until it is healthy. Arguments: the log file, then any
# environment assignments for it (e.g. OKPAY_VELOCITY_MAX=1000000000). Sets app (its pid) and
# stops it when the script exits.
api_start_app() {
  local log=$1; shift
  env OKPAY_DB_URL="$url" OKPAY_DB_USER="$PGUSER" OKPAY_DB_PASSWORD="$PGPASSWORD" "$@" \
    "$JAVA_HOME/bin/java" ${BENCH_JAVA_OPTS:-} -jar "$jar" --server.port="$port" \
    --okpay.identity.logins-per-minute-per-ip=1000000 \
    --okpay.identity.registrations-per-minute-per-ip=1000000 \
    > "$log" 2>&1 &
  app=$!
  trap 'kill "$app" 2>/dev/null || true' EXIT
  until curl -fs "http://127.0.0.1:$port/actuator/health" 2>/dev/null | grep -q '"UP"'; do
    kill -0 "$app" 2>/dev/null || { tail -n 40 "$log"; echo "FAILED: the application exited"; exit 1; }
    sleep 0.2
  done
}

# Packages the jar and resolves and compiles the Gatling simulations (bench/gatling).
# Sets jar and gatling_cp.
api_package() {
  echo "== package the jar and resolve Gatling"
  package() { ./mvnw -B -q "$@" -DskipTests package | sed 's/\x1b\[[0-9;]*m//g'; }
  package -o 2>/dev/null || package
  # BENCH_JAR: another jar to start, e.g. the one ./okpay run extracted in this folder,
  # $PWD/target/run/app/okpay-*.jar, with BENCH_JAVA_OPTS="... -XX:AOTCache=$PWD/target/run/okpay.aot"
  # (the same absolute paths as its training run).
  jar=${BENCH_JAR:-$(ls target/okpay-*.jar | grep -v '\.original$' | head -n 1)}
  gatling() {
    ./mvnw -B -q "$@" -f bench/gatling/pom.xml dependency:build-classpath \
      -Dmdep.outputFile="$PWD/target/bench/gatling-classpath.txt" | sed 's/\x1b\[[0-9;]*m//g'
  }
  gatling -o 2>/dev/null || gatling
  gatling_cp=$(cat target/bench/gatling-classpath.txt)
  rm -rf target/bench/gatling-classes
  javac --release 21 -nowarn -cp "$gatling_cp" -d target/bench/gatling-classes \
    bench/gatling/src/okpay/bench/gatling/*.java
}

# Drops every schema of the bench database (bench_database must have checked its name).
api_empty_database() {
  echo "== empty the bench database"
  export PGOPTIONS="-c client_min_messages=warning" # not a NOTICE per dropped table
  local schema
  for schema in $(pg "select nspname from pg_namespace where nspname !~ '^pg_' and nspname <> 'information_schema'"); do
    pg "drop schema \"$schema\" cascade"
  done
  pg "create schema public"
  unset PGOPTIONS
}

# Prepares $1 users through $base: register, verify by the link in the development mailbox,
# sign in, card, top-up of USD 5,000.00. Writes $2-users.csv (token,email,transactionId,cardId)
# and $2-payees.csv (payee). With BENCH_PREPARE_XFF set (two octets, e.g. 10.77), user n's
# requests say X-Forwarded-For: <octets>.<n / 256>.<n % 256>, so that a proxy's per-IP sign-in
# and registration limits see one client per user.
api_prepare_users() {
  local users=$1 prefix=$2 prepared
  echo "== prepare $users users (register, verify by the link in the development mailbox, sign in, card, top-up)"
  run=$(date +%s)
  export base run PGUSER PGPASSWORD libpq BENCH_PREPARE_XFF
  prepare_user() {
    set -euo pipefail
    local email="bench-$run-$1@example.com" password="Velvet-Otter-Harbor-7193" link token card tx i
    local forwarded=()
    [ -z "${BENCH_PREPARE_XFF:-}" ] ||
      forwarded=(-H "X-Forwarded-For: $BENCH_PREPARE_XFF.$(( $1 / 256 )).$(( $1 % 256 ))")
    json() { curl -fsS -X "$1" "$base$2" -H 'Content-Type: application/json' -H 'Accept-Language: en' "${forwarded[@]}" "${@:3}"; }
    json POST /api/v1/auth/register -d "{\"email\":\"$email\",\"password\":\"$password\",\"displayName\":\"Bench $1\",\"language\":\"en\",\"country\":\"US\",\"defaultCurrency\":\"USD\"}" >/dev/null
    for i in $(seq 100); do
      link=$(psql -X -q -d "$libpq" -tAc "select substring(text_body from 'token=([A-Za-z0-9_-]+)') from notify.mailbox where lower(to_address) = '$email' and template = 'verify-email' limit 1")
      [ -n "$link" ] && break
      sleep 0.1
    done
    json POST /api/v1/auth/verify-email -d "{\"token\":\"$link\"}" >/dev/null
    token=$(json POST /api/v1/auth/tokens -d "{\"email\":\"$email\",\"password\":\"$password\"}" | jq -r .token)
    card=$(json POST /api/v1/me/cards -H "Authorization: Bearer $token" \
      -d '{"number":"4242424242424242","expiryMonth":12,"expiryYear":2035,"cvc":"123","holderName":"Pat Doe"}' | jq -r .id)
    for i in $(seq 50); do # the wallet is opened by an event right after verification
      tx=$(json POST /api/v1/me/topups -H "Authorization: Bearer $token" -H "Idempotency-Key: prep-$run-$1" \
        -d "{\"cardId\":\"$card\",\"amountMinor\":500000,\"currency\":\"USD\"}" 2>/dev/null | jq -r .id) && break
      sleep 0.2
    done
    [ -n "${tx:-}" ] && [ "$tx" != null ] || { echo "FAILED: top-up of $email" >&2; return 1; }
    echo "$token,$email,$tx,$card"
  }
  export -f prepare_user
  prepared=$(date +%s)
  { echo "token,email,transactionId,cardId"; seq "$users" | xargs -P 6 -I{} bash -c 'prepare_user {}'; } > "$prefix-users.csv"
  { echo "payee"; tail -n +2 "$prefix-users.csv" | cut -d, -f2; } > "$prefix-payees.csv"
  echo "prepared $(( $(wc -l < "$prefix-users.csv") - 1 )) users in $(( $(date +%s) - prepared )) s"
  [ "$(( $(wc -l < "$prefix-users.csv") - 1 ))" = "$users" ] || { echo "FAILED: not every user was prepared"; exit 1; }
}

# Runs Gatling simulation $1 (okpay.bench.gatling.<name>) with the system properties $3..
# (-Dbench.x=y), its output to $2. Fails when Gatling printed no summary.
api_gatling() {
  local simulation=$1 out=$2; shift 2
  # Gatling reads String internals (as its Maven plugin's launcher allows).
  "$JAVA_HOME/bin/java" --add-opens java.base/java.lang=ALL-UNNAMED \
    -Dlogback.configurationFile=bench/gatling/logback.xml -cp "target/bench/gatling-classes:$gatling_cp" \
    "$@" io.gatling.app.Gatling -s "okpay.bench.gatling.$simulation" -rf target/bench/gatling-results \
    > "$out" 2>&1 || true
}

# From Gatling's summary in file $1: the total (column 2) or the KO count (column 4) of the
# first row matching $2, e.g. "> response time 99th percentile (ms) |  1,234 |  1,234 |  - ".
api_gatling_total() { sed -n '/Global Information/,$p' "$1" | grep -i -m 1 "$2" |
  awk -F'|' '{ gsub(/[ ,]/, "", $2); print $2 }' || true; }
api_gatling_ko() { sed -n '/Global Information/,$p' "$1" | grep -i -m 1 "$2" |
  awk -F'|' '{ gsub(/[ ,]/, "", $4); print $4 }' || true; }

# From the newest Gatling report folder $1: each request's p50 / p95 / p99 in ms, from its page
# (req_<name>-<hash>.html), e.g. "balances 2/5/9 history 4/8/12".
api_gatling_by_request() {
  local page name
  for page in "$1"/req_*.html; do
    [ -e "$page" ] || continue
    name=$(basename "$page" .html); name=${name#req_}; name=${name%-*}; name=${name%-}
    printf '%s %s/%s/%s ' "$name" \
      "$(sed -n '/50th percentile/{n;p}' "$page" | grep -o '[0-9]*' | head -n 1)" \
      "$(sed -n '/95th percentile/{n;p}' "$page" | grep -o '[0-9]*' | head -n 1)" \
      "$(sed -n '/99th percentile/{n;p}' "$page" | grep -o '[0-9]*' | head -n 1)"
  done
}

# CPU time of the application's threads so far, by thread name with its digits dropped
# ("okpay-notify-di" for every notification dispatcher): "name ticks" lines, from /proc. Linux
# sees platform threads only, so virtual threads' work shows on their carriers (ForkJoinPool-N-
# worker-N) or on the platform threads that run them.
api_thread_ticks() {
  local task
  for task in /proc/"$1"/task/*; do
    # comm is in parentheses and may hold spaces; utime and stime are fields 14 and 15 of stat.
    sed -E 's/^[0-9]+ \((.*)\) [A-Za-z] (.*)$/\1|\2/' "$task/stat" 2>/dev/null
  done | awk -F'|' '{ split($2, f, " "); name = $1; gsub(/[0-9]+/, "N", name); ticks[name] += f[12] + f[13] }
    END { for (n in ticks) print n "|" ticks[n] }'
}

# The share of the application's thread CPU each thread name took between two api_thread_ticks
# snapshots ($1 before, $2 after), largest first: where its CPU went, without a profiler's
# sampling bias.
api_thread_shares() {
  awk -F'|' 'NR == FNR { before[$1] = $2; next } { d = $2 - before[$1]; if (d > 0) { used[$1] = d; total += d } }
    END { for (n in used) printf "%5.1f %% %s\n", 100 * used[n] / total, n }' "$1" "$2" | sort -rn | head -n 8
}
