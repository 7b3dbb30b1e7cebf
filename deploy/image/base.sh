#!/usr/bin/env bash
# Builds OKPay's local base image, for machines that cannot pull eclipse-temurin:21-jre from a
# container registry: a minimal Debian (debootstrap from a Debian mirror) with a Java runtime
# linked by jlink from the local JDK, the unprivileged user okpay (10001:10001) and its data
# folder /var/lib/okpay. Written as a `docker save` archive, which Jib takes as a base image:
#
#   deploy/image/base.sh                 # as root: debootstrap and chroot need it
#   ./mvnw -Pimage package jib:buildTar -Dokpay.image.base=tar://$PWD/target/image/base.tar
#
# Environment (all optional):
#   DEBIAN_SUITE   Debian release (default bookworm)
#   DEBIAN_MIRROR  Debian mirror (default: the first Debian mirror in this machine's apt sources,
#                  else debootstrap's own default)
#   JAVA_HOME      the JDK whose jlink makes the runtime (default: as ./okpay chooses, 21 or newer)
# The debootstrapped system is kept in target/image/rootfs-$DEBIAN_SUITE.tar and reused; delete it
# to take Debian's newest packages. See docs/deploy.md.
set -euo pipefail
cd "$(dirname "$0")/../.."

suite=${DEBIAN_SUITE:-bookworm}
out=target/image
uid=10001
# What the application uses (`jdeps -s --multi-release 21` over BOOT-INF/classes and every jar
# in BOOT-INF/lib of the packaged jar: java.base, desktop (BufferedImage for QR codes), sql,
# xml, logging, naming, management, compiler, instrument, prefs, scripting, net.http,
# security.jgss, sql.rowset, transaction.xa, jdk.unsupported, jdk.management, jdk.jfr) plus
# jdk.localedata (Chinese dates and numbers), charsets, the usual security providers and naming,
# and jdk.jcmd (`jcmd 1 GC.heap_info` inside the container).
modules=java.base,java.compiler,java.desktop,java.instrument,java.logging,java.management,java.naming,java.net.http,java.prefs,java.rmi,java.scripting,java.security.jgss,java.security.sasl,java.sql,java.sql.rowset,java.transaction.xa,java.xml,java.xml.crypto,jdk.attach,jdk.charsets,jdk.crypto.cryptoki,jdk.crypto.ec,jdk.httpserver,jdk.jcmd,jdk.jfr,jdk.localedata,jdk.management,jdk.management.agent,jdk.naming.dns,jdk.net,jdk.unsupported,jdk.zipfs

[ "$(id -u)" = 0 ] || { echo "deploy/image/base.sh runs debootstrap and chroot: run it as root" >&2; exit 1; }
command -v debootstrap >/dev/null || { echo "deploy/image/base.sh needs debootstrap (apt-get install debootstrap)" >&2; exit 1; }
eval "$(sed -n -e '/^java_major() {/,/^}/p' -e '/^find_jdk() {/,/^}/p' okpay)"
JAVA_HOME=$(find_jdk) || true
[ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/jlink" ] ||
  { echo "deploy/image/base.sh needs a JDK 21+ with jlink (set JAVA_HOME)" >&2; exit 1; }
apt_mirror() { # the first Debian mirror in this machine's apt sources, if any
  grep -hsoE '^(URIs:|deb) +[a-z]+://[^ ]+/debian/?( |$)' /etc/apt/sources.list.d/*.sources \
    /etc/apt/sources.list.d/*.list /etc/apt/sources.list | head -n 1 | awk '{ print $2 }' || true
}
mirror=${DEBIAN_MIRROR:-}
[ -n "$mirror" ] || mirror=$(apt_mirror)

mkdir -p "$out"
work=$(mktemp -d "$PWD/$out/base.XXXXXX")
root=$work/rootfs
cleanup() { umount "$root/proc" 2>/dev/null || true; rm -rf --one-file-system "$work"; }
trap cleanup EXIT

cache=$out/rootfs-$suite.tar
if [ ! -f "$cache" ]; then
  echo "== debootstrap $suite (minbase) from ${mirror:-the default mirror of debootstrap}; takes minutes"
  debootstrap --variant=minbase "$suite" "$root" $mirror > "$work/debootstrap.log" 2>&1 ||
    { tail -n 30 "$work/debootstrap.log"; echo "FAILED: debootstrap" >&2; exit 1; }
  umount "$root/proc" 2>/dev/null || true
  # Package lists, downloaded .debs, documentation and translations: not needed at run time
  # (dpkg's database stays, so scanners can list the packages).
  rm -rf "$root"/var/cache/apt/* "$root"/var/lib/apt/lists/* "$root"/usr/share/doc/* \
    "$root"/usr/share/man/* "$root"/usr/share/info/* "$root"/usr/share/locale/* \
    "$root"/var/log/* "$root"/dev/*
  tar --numeric-owner -C "$root" -cf "$cache" .
  rm -rf "$root"
fi
mkdir -p "$root"
tar --numeric-owner -C "$root" -xf "$cache"

echo "== jlink a runtime from $JAVA_HOME ($("$JAVA_HOME/bin/java" -version 2>&1 | head -n 1))"
"$JAVA_HOME/bin/jlink" --add-modules "$modules" --strip-debug --no-man-pages --no-header-files \
  --output "$root/opt/java"
"$root/opt/java/bin/java" -version 2>&1 | head -n 1

echo "== user okpay ($uid:$uid), /var/lib/okpay"
chroot "$root" groupadd --gid "$uid" okpay
chroot "$root" useradd --uid "$uid" --gid "$uid" --home-dir /var/lib/okpay --no-create-home \
  --shell /usr/sbin/nologin okpay
install -d -m 0750 -o "$uid" -g "$uid" "$root/var/lib/okpay"

echo "== write $out/base.tar (docker save format)"
tar --numeric-owner --sort=name --mtime=@0 -C "$root" -cf "$work/layer.tar" .
diff_id=$(sha256sum "$work/layer.tar" | cut -d' ' -f1)
config=$(printf '%s' '{"architecture":"amd64","os":"linux",'\
'"config":{"User":"'"$uid:$uid"'","WorkingDir":"/var/lib/okpay",'\
'"Env":["PATH=/opt/java/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",'\
'"JAVA_HOME=/opt/java","LANG=C.UTF-8"]},'\
'"rootfs":{"type":"layers","diff_ids":["sha256:'"$diff_id"'"]},'\
'"history":[{"created_by":"deploy/image/base.sh: debootstrap '"$suite"' minbase, jlink, user okpay"}]}')
config_id=$(printf '%s' "$config" | sha256sum | cut -d' ' -f1)
mkdir -p "$work/archive/$diff_id"
mv "$work/layer.tar" "$work/archive/$diff_id/layer.tar"
printf '%s' "$config" > "$work/archive/$config_id.json"
printf '%s' '[{"Config":"'"$config_id"'.json","RepoTags":["okpay-base:local"],"Layers":["'"$diff_id"'/layer.tar"]}]' \
  > "$work/archive/manifest.json"
tar -C "$work/archive" -cf "$out/base.tar" manifest.json "$config_id.json" "$diff_id/layer.tar"
echo "base image: $out/base.tar ($(du -m "$out/base.tar" | cut -f1) MB, layer sha256:$diff_id)"
