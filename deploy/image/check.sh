#!/usr/bin/env bash
# Runs the image Jib built without a container engine: applies its layers in order into a root
# folder and starts its entrypoint there with chroot, as the image's user, in private mount and
# PID namespaces, against a PostgreSQL on this machine, until /actuator/health is UP.
#
#   ./mvnw -Pimage package jib:buildTar -Dokpay.image.base=tar://$PWD/target/image/base.tar
#   deploy/image/check.sh [target/jib-image.tar]
#
# Checks: the process runs as the image's user (not root), health, liveness and readiness are
# UP, the home page answers in English and Chinese, and the heap the JVM chose for a container
# memory limit of CHECK_MEMORY_MB (emulated with -XX:MaxRAM: a chroot has no cgroup limit).
#
# Environment (all optional):
#   CHECK_DB_URL     JDBC URL of an empty or OKPay database (default: 127.0.0.1:5432, database
#                    okpay_image_check, dropped and created again)
#   CHECK_PORT       the application's port (default 18095)
#   CHECK_MEMORY_MB  the container memory limit to size the heap for (default 768, as deploy/k8s)
# Last line: "image check: OK ..." or "FAILED: ...". As root (chroot, unshare, mount).
set -euo pipefail
cd "$(dirname "$0")/../.."

image=${1:-target/jib-image.tar}
port=${CHECK_PORT:-18095}
memory_mb=${CHECK_MEMORY_MB:-768}
[ "$(id -u)" = 0 ] || { echo "deploy/image/check.sh needs root (chroot, unshare, mount)" >&2; exit 1; }
for tool in jq curl unshare chroot; do
  command -v "$tool" >/dev/null || { echo "deploy/image/check.sh needs $tool" >&2; exit 1; }
done
[ -f "$image" ] || { echo "no image at $image: build it first (docs/deploy.md)" >&2; exit 1; }
url=${CHECK_DB_URL:-}
if [ -z "$url" ]; then
  psql -X -q -d postgresql://postgres@127.0.0.1:5432/postgres -c 'drop database if exists okpay_image_check' \
    -c 'create database okpay_image_check'
  url=jdbc:postgresql://127.0.0.1:5432/okpay_image_check
fi

work=$(mktemp -d /tmp/okpay-image-check.XXXXXX)
runner=
cleanup() { # unshare ignores SIGTERM: stop the JVM (its child, PID 1 of the namespace) instead
  if [ -n "$runner" ]; then
    local child deadline=$((SECONDS + 60))
    child=$(pgrep -P "$runner" || true)
    [ -z "$child" ] || kill "$child" 2>/dev/null || true
    while kill -0 "$runner" 2>/dev/null && [ "$SECONDS" -lt "$deadline" ]; do sleep 0.5; done
    [ -z "$child" ] || kill -9 "$child" 2>/dev/null || true
    wait "$runner" 2>/dev/null || true
  fi
  rm -rf --one-file-system "$work" # never into a mount left behind
}
trap cleanup EXIT
fail() { # keeps the application's log
  mkdir -p target/image && cp "$work/app.log" target/image/check-app.log 2>/dev/null || true
  echo "FAILED: $* (log: target/image/check-app.log)"; exit 1
}

echo "== unpack $image"
mkdir -p "$work/image" "$work/rootfs"
tar -C "$work/image" -xf "$image"
config=$work/image/$(jq -r '.[0].Config' "$work/image/manifest.json")
for layer in $(jq -r '.[0].Layers[]' "$work/image/manifest.json"); do
  tar --numeric-owner --warning=no-unknown-keyword -C "$work/rootfs" -xf "$work/image/$layer" # gzip or not: tar tells
  # OCI whiteouts: a ".wh.NAME" file deletes NAME of the layers below.
  find "$work/rootfs" -name '.wh.*' -print0 | while IFS= read -r -d '' wh; do
    rm -rf "$(dirname "$wh")/$(basename "$wh" | sed 's/^\.wh\.//')" "$wh"
  done
done
user=$(jq -r '.config.User // ""' "$config")
workdir=$(jq -r '.config.WorkingDir // "/"' "$config")
mapfile -t envs < <(jq -r '.config.Env[]?' "$config")
mapfile -t entrypoint < <(jq -r '(.config.Entrypoint // []) + (.config.Cmd // []) | .[]' "$config")
echo "user: ${user:-root}; working directory: $workdir; entrypoint: ${entrypoint[*]}"
case "$user" in ''|0|0:*|root|root:*) fail "the image runs as root" ;; esac

echo "== start it under chroot as $user (OKPAY_DB_URL=$url, port $port)"
# The JVM needs /proc and /dev; the network is the host's, so 127.0.0.1 is this machine.
unshare --mount --pid --fork --kill-child --propagation private bash -c '
  root=$1; shift
  mount -t proc proc "$root/proc"
  mount --rbind /dev "$root/dev"
  exec "$@"' _ "$work/rootfs" \
  chroot --userspec="$user" "$work/rootfs" /usr/bin/env -i "${envs[@]}" HOME="$workdir" \
  OKPAY_DB_URL="$url" OKPAY_DB_USER="${PGUSER:-postgres}" OKPAY_PORT="$port" \
  JAVA_TOOL_OPTIONS="-XX:MaxRAM=${memory_mb}m -Xlog:gc+init" \
  /bin/sh -c 'cd "$0" && exec "$@"' "$workdir" "${entrypoint[@]}" > "$work/app.log" 2>&1 &
runner=$!
started=$(date +%s)
until curl -fs "http://127.0.0.1:$port/actuator/health" 2>/dev/null | grep -q '"UP"'; do
  kill -0 "$runner" 2>/dev/null || { tail -n 40 "$work/app.log"; fail "the application exited"; }
  [ $(( $(date +%s) - started )) -lt 900 ] || { tail -n 40 "$work/app.log"; fail "not healthy after 900 s"; }
  sleep 0.5
done
healthy_s=$(( $(date +%s) - started ))
java_pid=$(pgrep -P "$runner" || true) # chroot, env and sh exec: the child of unshare is the JVM
[ -n "$java_pid" ] || fail "no java process found"
uid=$(ps -o uid= -p "$java_pid" | tr -d ' ')
[ "$uid" = "${user%%:*}" ] || fail "java runs as uid $uid, not ${user%%:*}"
for probe in liveness readiness; do
  curl -fs "http://127.0.0.1:$port/actuator/health/$probe" | grep -q '"UP"' || fail "$probe is not UP"
done
for lang in en zh-CN; do
  status=$(curl -sL -o "$work/home.html" -w '%{http_code}' -H "Accept-Language: $lang" "http://127.0.0.1:$port/")
  [ "$status" = 200 ] && grep -qi '<html' "$work/home.html" || fail "the home page ($lang) answered $status"
done
heap=$(grep -m 1 -oE 'Heap Max Capacity: [0-9]+[KMG]' "$work/app.log" | awk '{ print $4 }')
rss_mb=$(( $(ps -o rss= -p "$java_pid" | tr -d ' ') / 1024 ))
echo "image check: OK healthy_after_s=$healthy_s uid=$uid max_heap=${heap:-?} (limit ${memory_mb} MB) rss_mb=$rss_mb java=$("$work/rootfs/opt/java/bin/java" -version 2>&1 | head -n 1 | cut -d'"' -f2 || echo base)"
