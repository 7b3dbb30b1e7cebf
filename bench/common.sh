# Shared by the benchmark scripts (sourced, not run): the JDK, the bench database, the build,
# the machine's description and pgbench's baseline run. Each function says what it sets.

# The JDK is chosen exactly as ./okpay chooses it: its two functions, read from it.
# Sets and exports JAVA_HOME and PATH. $1 = the calling script's name, for the error.
bench_jdk() {
  eval "$(sed -n -e '/^java_major() {/,/^}/p' -e '/^find_jdk() {/,/^}/p' okpay)"
  JAVA_HOME=$(find_jdk) || true
  if [ -z "${JAVA_HOME:-}" ]; then
    echo "$1 needs a JDK 21 or newer (see ./okpay)." >&2
    exit 1
  fi
  export JAVA_HOME PATH="$JAVA_HOME/bin:$PATH"
}

# The bench database: OKPAY_BENCH_DB_URL, or database $1 on 127.0.0.1:5432 (created if missing).
# The bench wipes it, so its name must contain "bench". Sets url, libpq, db; defines pg().
bench_database() {
  export PGUSER=${OKPAY_BENCH_DB_USER:-postgres} PGPASSWORD=${OKPAY_BENCH_DB_PASSWORD:-}
  url=${OKPAY_BENCH_DB_URL:-}
  if [ -z "$url" ]; then
    psql -X -q -v ON_ERROR_STOP=1 -d "postgresql://127.0.0.1:5432/postgres" -tAc \
      "select 1 from pg_database where datname = '$1'" | grep -q 1 ||
      psql -X -q -v ON_ERROR_STOP=1 -d "postgresql://127.0.0.1:5432/postgres" \
        -c "create database $1"
    url="jdbc:postgresql://127.0.0.1:5432/$1"
  fi
  libpq="${url#jdbc:}"; libpq="${libpq%%\?*}" # the same server and database for psql and pgbench
  db="${libpq##*/}"
  case "$db" in
    *bench*) ;;
    *) echo "refusing to wipe database '$db': the bench database's name must contain 'bench'" >&2
       exit 1 ;;
  esac
}

pg() { psql -X -q -v ON_ERROR_STOP=1 -d "$libpq" -tAc "$1"; }

# Compiles the application and the bench tools. Sets cp (the application's classpath).
bench_build() {
  echo "== build"
  mkdir -p target/bench
  build() { # Maven prints colour resets even in batch mode; keep the log plain
    ./mvnw -B -q "$@" -DskipTests compile dependency:build-classpath -Dmdep.includeScope=runtime \
      -Dmdep.outputFile=target/bench/classpath.txt | sed 's/\x1b\[[0-9;]*m//g'
  }
  build -o 2>/dev/null || build
  cp="target/classes:$(cat target/bench/classpath.txt)"
  rm -rf target/bench/classes
  javac --release 21 -nowarn -cp "$cp" -d target/bench/classes bench/src/okpay/bench/*.java
}

bench_machine() {
  echo "== machine"
  echo "cores: $(nproc); memory: $(free -g | awk '/^Mem:/ {print $2 " GiB"}'); java: $("$JAVA_HOME/bin/java" -version 2>&1 | head -n 1)"
  echo "database: ${libpq} as ${PGUSER}; $(pg 'select version()' | cut -d, -f1)"
  echo "synchronous_commit=$(pg 'show synchronous_commit') fsync=$(pg 'show fsync') autovacuum=$(pg 'show autovacuum') (as seen by psql/pgbench; with autovacuum off, queue tables such as notify.outbox keep their dead rows and slow down over a long run)"
}

# A fixed single-threaded CPU task: SHA-256 of 64 MiB of zeros. Its time says how fast a core of
# this machine is at that moment, which drifts on a shared host (seen: the same code 20 % apart
# in two runs an hour apart): compare it between runs before comparing their figures. Prints
# the milliseconds and leaves them in target/bench/speed-$1.ms.
bench_speed_probe() {
  local start end
  start=$(date +%s%N)
  head -c 67108864 /dev/zero | sha256sum >/dev/null
  end=$(date +%s%N)
  echo $(( (end - start) / 1000000 )) > "target/bench/speed-$1.ms"
  echo "speed probe ($1): SHA-256 of 64 MiB in $(cat "target/bench/speed-$1.ms") ms"
}

# pgbench tpcb-like with $clients clients for $seconds at scale $1 on the same database; prints
# the run and leaves its tps in target/bench/pgbench-$1.tps. The benches run it twice: at
# pgbench's default scale (1: every transaction updates the one branch row, the setting behind
# the issue's and PERFORMANCE.md's reference figures) and at scale = clients, which pgbench's
# documentation advises and which removes that hot row.
run_pgbench() {
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
