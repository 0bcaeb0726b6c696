#!/usr/bin/env bash
# ./murmur bench api: the request path at load (docs/benchmarks.md, "API").
#
# 1. builds the packaged app (target/quarkus-app) and the benchmark driver (test classes);
# 2. makes a database of its own (murmur_bench_api, dropped and re-created) and starts Kafka, anvil
#    and the app as production runs it: the packaged jar, the prod profile, role api (MURMUR_BENCH_ROLE);
# 3. builds the world with set-based SQL (deploy/bench/api-world.sql) and prints how long it took;
# 4. runs dev.murmur.bench.api.ApiBenchmark: constant-rate scenarios with HdrHistogram latencies,
#    saturation runs, and pgbench baselines in the same run. Its last line is machine-readable:
#    api accounts=… posts=… home_rps=… home_p99_ms=… home_sql_tps=… home_ratio=… like_rps=… …
#
# Settings (environment):
#   MURMUR_BENCH_ACCOUNTS (100000)  MURMUR_BENCH_POSTS (1000000)  MURMUR_BENCH_LIKES (3000000)
#   MURMUR_BENCH_DATABASE (murmur_bench_api)
#   MURMUR_BENCH_REUSE_WORLD=1      keep the database of the last run and its world (skips step 3)
#   MURMUR_BENCH_ROLE (api)         the measured app's process role (api, as production serves the API; or all)
#   MURMUR_BENCH_OPTS     extra -Dbench.* options for the driver, e.g. "-Dbench.seconds=20 -Dbench.home-rate=1500",
#                         or "-Dbench.only=likes,likes-max,fan-out" to run those scenarios alone (keys: the names in lower case,
#                         other characters as "-"; the rest print NaN)
#   MURMUR_APP_JAVA_OPTS  JVM options for the app
set -euo pipefail
: "${MURMUR_ROOT:?run through ./murmur bench api}"

accounts=${MURMUR_BENCH_ACCOUNTS:-100000}
posts=${MURMUR_BENCH_POSTS:-1000000}
likes=${MURMUR_BENCH_LIKES:-3000000}
MURMUR_PG_DB=${MURMUR_BENCH_DATABASE:-murmur_bench_api}
# Kafka and anvil keep their data apart from `./murmur up`'s.
MURMUR_DATA="$MURMUR_HOME/bench-api"
MURMUR_KAFKA_DATA="$MURMUR_DATA/kafka"

murmur_find_jdk || exit 1
murmur_prepare_dirs
murmur_pg_require || exit 1
command -v pgbench >/dev/null 2>&1 || murmur_die "pgbench not found (Debian: apt install postgresql-contrib)"
murmur_npm_ensure || exit 1
murmur_install_traps
rm -rf "$MURMUR_DATA"
mkdir -p "$MURMUR_DATA"

murmur_app_ensure_built
cp_file="$MURMUR_ROOT/target/bench-api.classpath"
murmur_say "compiling the driver (./mvnw -B -q test-compile) and resolving the test classpath ..."
(cd "$MURMUR_ROOT" && ./mvnw -B -q test-compile dependency:build-classpath \
  -Dmdep.includeScope=test -Dmdep.outputFile="$cp_file") || murmur_die "the Maven build failed"

reuse=0
if [ "${MURMUR_BENCH_REUSE_WORLD:-0}" = 1 ] && [ "$(psql -X -w -At -h "$MURMUR_PG_HOST" -p "$MURMUR_PG_PORT" -U "$MURMUR_PG_ADMIN_USER" \
    -d "$MURMUR_PG_DB" -c "select count(*) >= $accounts from account" 2>/dev/null)" = t ]; then
  reuse=1
  murmur_say "database $MURMUR_PG_DB: reusing the world of the last run (MURMUR_BENCH_REUSE_WORLD=1)"
else
  murmur_say "database $MURMUR_PG_DB: dropped and created afresh"
  murmur_pg_drop_db >/dev/null
  murmur_pg_ensure_db || exit 1
fi
murmur_kafka_ensure_libs || exit 1
murmur_kafka_start || exit 1
role=${MURMUR_BENCH_ROLE:-api}
if [ "$role" != api ]; then murmur_anvil_start || exit 1; fi

port=$(murmur_free_port 8180)
app_env=(
  "QUARKUS_DATASOURCE_JDBC_URL=$(murmur_pg_jdbc_url)"
  "QUARKUS_DATASOURCE_USERNAME=$MURMUR_PG_USER"
  "QUARKUS_DATASOURCE_PASSWORD=$MURMUR_PG_PASSWORD"
  "KAFKA_BOOTSTRAP_SERVERS=$MURMUR_KAFKA_BOOTSTRAP"
  "QUARKUS_LOG_LEVEL=WARN"
  # The bench measures what the request path can carry; per-account rate limits (30 posts a minute)
  # would only turn its load into 429s. RateLimitTest covers the limits.
  "MURMUR_LIMITS_ENABLED=false"
)
# Production serves the API from processes of the role api (deploy/k8s/base/app/api): no payout
# worker, trend detector or settlement in the measured process (the outbox relay and the live push's
# consumer run there, as in every API process), and no operator key
# (start-up refuses one in a role that does not sign). No scenario reaches the chain, so the api
# process gets no chain settings (a read-only chain client would need a deployed contract's address,
# and only a signer can deploy one). MURMUR_BENCH_ROLE=all measures the single-process shape of
# `./murmur up` instead, with anvil and its dev deployment.
app_env+=("MURMUR_ROLE=$role")
if [ "$role" != api ]; then
  mapfile -t -O "${#app_env[@]}" app_env < <(murmur_anvil_app_env)
fi
# A kept world may predate migrations that sort below its newest one.
if [ "$reuse" = 1 ]; then app_env+=("QUARKUS_FLYWAY_OUT_OF_ORDER=true"); fi
murmur_app_start bench-app "$port" "${app_env[@]}" || exit 1
app_pid=$MURMUR_LAST_PID

if [ "$reuse" = 0 ]; then
murmur_say "building the world: $accounts accounts, $posts posts, $likes likes (set-based SQL) ..."
started=$(date +%s)
psql -X -q -w -h "$MURMUR_PG_HOST" -p "$MURMUR_PG_PORT" -U "$MURMUR_PG_ADMIN_USER" -d "$MURMUR_PG_DB" \
  -v accounts="$accounts" -v posts="$posts" -v likes="$likes" -v pwhash='bench-accounts-log-in-with-tokens' \
  -f "$MURMUR_ROOT/deploy/bench/api-world.sql" >"$MURMUR_LOGS/bench-api-world.log" 2>&1 \
  || { murmur_tail "$MURMUR_LOGS/bench-api-world.log" 30; murmur_die "building the world failed"; }
murmur_say "world built in $(($(date +%s) - started)) s ($(psql -X -w -At -h "$MURMUR_PG_HOST" -p "$MURMUR_PG_PORT" -U "$MURMUR_PG_ADMIN_USER" -d "$MURMUR_PG_DB" \
  -c "select count(*) || ' follows, ' || pg_size_pretty(pg_database_size(current_database())) from follow"))"
fi

echo "machine: $(nproc) cores, $(free -g | awk '/^Mem:/ {print $2}') GiB, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//'), load average $(cut -d' ' -f1-3 /proc/loadavg)"
# shellcheck disable=SC2086
(cd "$MURMUR_ROOT" && "$JAVA_HOME/bin/java" -Xmx1g -Djava.util.logging.manager=org.jboss.logmanager.LogManager -cp "target/test-classes:target/classes:$(cat "$cp_file")" \
  -Dbench.url="$MURMUR_APP_URL" -Dbench.app-pid="$app_pid" -Dbench.pg-host="$MURMUR_PG_HOST" -Dbench.pg-port="$MURMUR_PG_PORT" \
  -Dbench.pg-user="$MURMUR_PG_ADMIN_USER" -Dbench.pg-database="$MURMUR_PG_DB" ${MURMUR_BENCH_OPTS:-} \
  dev.murmur.bench.api.ApiBenchmark)
