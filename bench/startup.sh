#!/usr/bin/env bash
# Start-up: time from `java -jar` to /actuator/health UP for the packaged jar on the embedded
# database, and the process's RSS once healthy, with several JVM settings in one run. See
# docs/benchmarks.md "Memory and start-up".
#
#   bench/startup.sh
#
# For each setting: one start on an empty data folder (initdb and every migration included),
# then STARTUP_RUNS restarts on the data it left; the median restart is compared with the JVM
# defaults' median restart of the same run (ratio < 1: faster).
#   defaults   the packaged jar, no JVM options at all
#   chosen     the packaged jar with STARTUP_OPTS (default: the options ./okpay run passes, from
#              pom.xml), as the container image starts it
#   run        `./okpay run` itself, from this folder: Spring Boot's extracted layout and the JVM's
#              class cache made for the jar (the JDK's AOT cache on 25+, a CDS archive on 21-24);
#              its first start trains the cache when the jar changed (then that first start
#              includes the training run: a start to healthy, a stop, the cache written)
#   nocache    `OKPAY_JVM_CACHE=off ./okpay run`: the extracted layout without a class cache
#
# Environment (all optional):
#   STARTUP_RUNS   restarts per setting (default 3)
#   STARTUP_PORT   the application's port (default 18090)
#   STARTUP_OPTS   JVM options of "chosen" (default: pom.xml's spring-boot.run.jvmArguments)
#
# As root the application runs as the system user okpay (created like ./okpay does), since the
# embedded PostgreSQL refuses root. Output ends with one line:
#   startup defaults_ms=<median> chosen_ms=<median> run_ms=<median> nocache_ms=<median> ratio=<chosen/defaults> run_ratio=<run/defaults> first_ms=<chosen, empty data>
set -euo pipefail
cd "$(dirname "$0")/.."

. bench/common.sh
bench_jdk bench/startup.sh

runs=${STARTUP_RUNS:-3}
port=${STARTUP_PORT:-18090}
chosen=${STARTUP_OPTS:-$(sed -n 's|.*<spring-boot.run.jvmArguments>\(.*\)</spring-boot.run.jvmArguments>.*|\1|p' pom.xml | head -n 1)}
for tool in curl; do
  command -v "$tool" >/dev/null || { echo "bench/startup.sh needs $tool" >&2; exit 1; }
done

mkdir -p bench/results target/bench
log="bench/results/startup-$(date -u +%Y%m%dT%H%M%SZ).log"
exec > >(tee "$log") 2>&1

echo "== package the jar"
package() { ./mvnw -B -q "$@" -DskipTests package | sed 's/\x1b\[[0-9;]*m//g'; }
package -o 2>/dev/null || package
jar=$(ls target/okpay-*.jar | grep -v '\.original$' | head -n 1)

# Everything the runs write lives in one folder the running user owns.
work=$(mktemp -d /tmp/okpay-startup.XXXXXX)
as_user=()
if [ "$(id -u)" = 0 ]; then
  id -u okpay >/dev/null 2>&1 ||
    useradd --system --user-group --create-home --home-dir /var/lib/okpay --shell /usr/sbin/nologin okpay
  as_user=(runuser -u okpay --)
fi
app= java_pid=
stop_app() { # SIGTERM to the JVM (a graceful stop that also stops the embedded database)
  [ -n "$app" ] || return 0
  kill "${java_pid:-$app}" 2>/dev/null || true
  # The JVM itself must be gone (it stops the embedded database on the way), or the next start
  # finds the data folder still in use; on a loaded machine a graceful stop can take minutes.
  local deadline=$((SECONDS + 300))
  while { kill -0 "$app" || kill -0 "${java_pid:-$app}"; } 2>/dev/null && [ "$SECONDS" -lt "$deadline" ]; do sleep 0.2; done
  kill -9 "${java_pid:-$app}" "$app" 2>/dev/null || true
  wait "$app" 2>/dev/null || true
  app= java_pid=
}
trap 'stop_app; rm -rf "$work"' EXIT

cp "$jar" "$work/okpay.jar"
chmod -R a+rX "$work"
[ ${#as_user[@]} = 0 ] || chown -R okpay: "$work"

echo "== machine"
echo "cores: $(nproc); memory: $(free -g | awk '/^Mem:/ {print $2 " GiB"}'); load average: $(cut -d' ' -f1-3 /proc/loadavg); java: $("$JAVA_HOME/bin/java" -version 2>&1 | head -n 1)"
echo "run: STARTUP_RUNS=$runs STARTUP_OPTS='$chosen'"

# start <data folder> <jar> <JVM options...>: starts the application, waits until healthy, writes
# "<ms> <rss MB>" to $work/out; the application keeps running (stop_app). Not in a subshell: it
# sets app and java_pid. The jar "./okpay" means `./okpay run` from this folder (the options are
# then environment assignments for it); it switches to the user okpay by itself.
start() {
  local data=$1 jarfile=$2 started pattern
  shift 2
  mkdir -p "$data"
  [ ${#as_user[@]} = 0 ] || chown okpay: "$data"
  started=$(date +%s%N)
  if [ "$jarfile" = ./okpay ]; then
    env "$@" OKPAY_EMBEDDED_DB_DIR="$data/postgres" OKPAY_AUDIT_DIR="$data/audit" \
      OKPAY_PORT="$port" ./okpay run > "$data/app.log" 2>&1 &
    pattern="^java .*-jar $PWD/target/run/app/okpay-[^ ]*\.jar\$"
  else
    # The working folder is the data folder: nothing lands in the jar's folder.
    (cd "$data" && exec "${as_user[@]}" env OKPAY_EMBEDDED_DB_DIR="$data/postgres" \
      OKPAY_AUDIT_DIR="$data/audit" OKPAY_PORT="$port" \
      "$JAVA_HOME/bin/java" "$@" -jar "$jarfile") > "$data/app.log" 2>&1 &
    pattern="^$JAVA_HOME/bin/java .*-jar $jarfile"
  fi
  app=$!
  # For ./okpay run, only the JVM it finally starts counts (not its training run's).
  until pgrep -f "$pattern" >/dev/null && curl -fs "http://127.0.0.1:$port/actuator/health" 2>/dev/null | grep -q '"UP"'; do
    kill -0 "$app" 2>/dev/null || { tail -n 40 "$data/app.log"; echo "FAILED: the application exited"; exit 1; }
    sleep 0.1
  done
  local ms=$(( ($(date +%s%N) - started) / 1000000 ))
  java_pid=$(pgrep -n -f "$pattern" || echo "$app")
  echo "$ms $(( $(ps -o rss= -p "$java_pid" | tr -d ' ') / 1024 ))" > "$work/out"
}

median() { tr ' ' '\n' | sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }

# measure <name> <jar> <JVM options...>: first start on empty data, then $runs restarts.
declare -A med first
measure() {
  local name=$1 jarfile=$2 data="$work/$1" out times="" rss=""
  shift 2
  echo "== $name: $*"
  start "$data" "$jarfile" "$@"
  stop_app
  out=$(cat "$work/out")
  first[$name]=${out% *}
  echo "$name first start (empty data folder, migrations): ${out% *} ms, RSS ${out#* } MB"
  for i in $(seq "$runs"); do
    start "$data" "$jarfile" "$@"
    stop_app
    out=$(cat "$work/out")
    echo "$name restart $i: ${out% *} ms, RSS ${out#* } MB"
    times="$times ${out% *}"; rss="$rss ${out#* }"
  done
  med[$name]=$(echo $times | median)
  echo "$name median restart: ${med[$name]} ms (RSS median $(echo $rss | median) MB)"
}

# shellcheck disable=SC2086 # the options are words
measure defaults "$work/okpay.jar"
measure chosen "$work/okpay.jar" $chosen
# ./okpay run as it is: its first start packages nothing (the jar is fresh) and trains the class
# cache if the jar changed since the last one.
measure run ./okpay
measure nocache ./okpay OKPAY_JVM_CACHE=off
grep -h -m 1 -i 'class cache' "$work/run/app.log" || true
ls -l target/run/okpay.aot target/run/okpay.jsa 2>/dev/null || echo "no class cache in target/run"

ratio() { [ "$1" = - ] && echo - || awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
echo "log: $log"
echo "startup defaults_ms=${med[defaults]} chosen_ms=${med[chosen]} run_ms=${med[run]} nocache_ms=${med[nocache]} ratio=$(ratio "${med[chosen]}" "${med[defaults]}") run_ratio=$(ratio "${med[run]}" "${med[defaults]}") first_ms=${first[chosen]}"
