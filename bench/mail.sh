#!/usr/bin/env bash
# CPU per e-mail of the payee's receipt, rendered by Thymeleaf alone and from stencils
# (okpay.notify.mail-stencils), in one JVM in alternating rounds; both are the application's own
# Renderer. No database. See docs/benchmarks.md.
#
#   bench/mail.sh
#
# Environment (all optional):
#   BENCH_ROUNDS    measured rounds of each, after as many warm-up rounds (default 5)
#   BENCH_SECONDS   seconds per round (default 2)
#
# Output ends with exactly one line:
#   mail thymeleaf_us=<n> stencil_us=<n> ratio=<thymeleaf/stencil>
set -euo pipefail
cd "$(dirname "$0")/.."

. bench/common.sh
bench_jdk bench/mail.sh

rounds=${BENCH_ROUNDS:-5}
seconds=${BENCH_SECONDS:-2}
mkdir -p bench/results target/bench
log="bench/results/mail-$(date -u +%Y%m%dT%H%M%SZ).log"
exec > >(tee "$log") 2>&1

bench_build
cp="target/classes:$(cat target/bench/classpath.txt)"
rm -rf target/bench/mail-classes
javac --release 21 -nowarn -cp "$cp" -d target/bench/mail-classes \
  bench/src/org/okpay/notify/internal/MailRenderBench.java
echo "== machine"
echo "cores: $(nproc); memory: $(free -g | awk '/^Mem:/ {print $2 " GiB"}'); java: $("$JAVA_HOME/bin/java" -version 2>&1 | head -n 1); load average: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "run: BENCH_ROUNDS=$rounds BENCH_SECONDS=$seconds bench/mail.sh"
"$JAVA_HOME/bin/java" -cp "target/bench/mail-classes:$cp" \
  org.okpay.notify.internal.MailRenderBench "$rounds" "$seconds"
echo "log: $log"
