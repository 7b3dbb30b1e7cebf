#!/usr/bin/env bash
# The long run of the OpenAPI-driven fuzzer (src/test/java/org/okpay/shared/ApiFuzzTest): the
# application starts on a random port, the fuzzer reads its live /v3/api-docs and sends every
# operation FUZZ_REQUESTS_PER_OPERATION requests, most with one thing wrong, as a signed-in user,
# as the operator and anonymously. Goal: no 5xx, and every error application/problem+json.
#
#   bench/fuzz.sh
#
# Environment (all optional):
#   FUZZ_REQUESTS_PER_OPERATION  default 200
#   FUZZ_SEED                    default: the current time; the same seed sends the same requests
#   OKPAY_TEST_DB_URL            the PostgreSQL to run against (a database <name>_fuzz is created
#                                next to it); unset: an embedded PostgreSQL, or, as root (where
#                                PostgreSQL will not run embedded), the server on 127.0.0.1:5432
#
# Output ends with exactly one line:
#   fuzz requests=<n> 5xx=<n> non_problem=<n> seed=<s>
set -euo pipefail
cd "$(dirname "$0")/.."

per_operation=${FUZZ_REQUESTS_PER_OPERATION:-200}
seed=${FUZZ_SEED:-$(date +%s)}
if [ "$(id -u)" = 0 ] && [ -z "${OKPAY_TEST_DB_URL:-}" ]; then
  export OKPAY_TEST_DB_URL=jdbc:postgresql://127.0.0.1:5432/okpay_fuzz
  psql -X -q -h 127.0.0.1 -U "${OKPAY_TEST_DB_USER:-postgres}" -d postgres -tAc \
    "select 1 from pg_database where datname = 'okpay_fuzz'" | grep -q 1 ||
    psql -X -q -h 127.0.0.1 -U "${OKPAY_TEST_DB_USER:-postgres}" -d postgres -c "create database okpay_fuzz"
fi
echo "fuzz: seed=$seed requests-per-operation=$per_operation database=${OKPAY_TEST_DB_URL:-embedded}"

mkdir -p target
report=target/surefire-reports/org.okpay.shared.ApiFuzzTest-output.txt
rm -f "$report"
set +e
./okpay test -B -q -Dtest='ApiFuzzTest#noServerErrorAndEveryErrorIsProblemJson' \
  -Dsurefire.failIfNoSpecifiedTests=false -Dokpay.fuzz.seed="$seed" \
  -Dokpay.fuzz.requests-per-operation="$per_operation" > target/fuzz.log 2>&1
status=$?
set -e
line=$(grep -h '^fuzz requests=' "$report" 2>/dev/null | tail -n 1 || true)
if [ -z "$line" ]; then
  tail -n 40 target/fuzz.log
  echo "FAILED: the fuzzer did not finish (exit $status, log target/fuzz.log)"
  exit 1
fi
grep -h '^fuzz finding: ' "$report" || true
echo "log: target/fuzz.log; replay: FUZZ_SEED=$seed bench/fuzz.sh"
echo "$line"
[ "$status" = 0 ]
