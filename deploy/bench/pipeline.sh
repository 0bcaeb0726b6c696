#!/usr/bin/env bash
# ./murmur bench pipeline [MAVEN_ARGS...]: the payout pipeline benchmark (issue 3, section 5).
#
# Runs the PipelineBenchmark class (src/test/java/dev/murmur/bench/pipeline), which is excluded from the
# normal test run. Like the tests, it creates a fresh database on the PostgreSQL server (dropped
# after), starts an in-process Kafka broker (KRaft) and anvil. Settings, as Maven arguments:
#   -Dbench.events=N     events in the backlog the worker applies (200000)
#   -Dbench.rate=R       steady load for the lag measurement, events/s (5000)
#   -Dbench.seconds=S    how long the steady load runs (20)
# The full Maven output goes to .murmur/logs/bench-pipeline.log; the report ends with the line
#   pipeline events=N worker_eps=... raw_eps=... ratio=... lag_p50_ms=... lag_p99_ms=... notify_eps=...
set -euo pipefail
: "${MURMUR_ROOT:?run through ./murmur bench pipeline}"

murmur_find_jdk || exit 1
murmur_pg_require || exit 1
murmur_prepare_dirs
if [ -z "${MURMUR_PG_ADMIN_URL:-}" ]; then
  export MURMUR_PG_ADMIN_URL="jdbc:postgresql://$MURMUR_PG_HOST:$MURMUR_PG_PORT/postgres?user=$MURMUR_PG_ADMIN_USER"
fi
if [ -z "${MURMUR_ANVIL_BIN:-}" ]; then
  murmur_npm_ensure || exit 1
  MURMUR_ANVIL_BIN=$(murmur_anvil_find) || exit 1
  export MURMUR_ANVIL_BIN
fi

log="$MURMUR_LOGS/bench-pipeline.log"
report="$MURMUR_ROOT/target/bench/pipeline.txt"
rm -f "$report"
murmur_say "running the pipeline benchmark (a few minutes); Maven output: ${log#"$MURMUR_ROOT"/}"
if ! (cd "$MURMUR_ROOT" && ./mvnw -B test -Dtest=PipelineBenchmark -Dbench=true -Dsurefire.failIfNoSpecifiedTests=false "$@") >"$log" 2>&1; then
  murmur_tail "$log" 60
  murmur_die "the pipeline benchmark failed (log: $log)"
fi
[ -s "$report" ] || murmur_die "the benchmark ran but wrote no report ($report); see $log"
echo "machine: $(nproc) cores, $(free -g | awk '/^Mem:/ {print $2}') GiB, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//'), load average $(cut -d' ' -f1-3 /proc/loadavg)"
cat "$report"
