# shellcheck shell=bash
# ./murmur bench settlement: the Merkle tree and proofs for 1,000,000 creators, and settle/claim gas on
# a throwaway anvil (dev.murmur.settlement.bench.SettlementBenchmark, in the test sources).
#
#   MURMUR_BENCH_JAVA_OPTS   JVM options for the benchmark (default -Xmx3g)

murmur_bench_settlement() {
  local anvil cp_file="$MURMUR_ROOT/target/bench-settlement.classpath"
  murmur_find_jdk || exit 1
  murmur_npm_ensure || exit 1
  anvil=$(murmur_anvil_find) || exit 1
  export MURMUR_ANVIL_BIN="$anvil"
  murmur_say "compiling (./mvnw -B -q test-compile) and resolving the test classpath ..."
  (cd "$MURMUR_ROOT" && ./mvnw -B -q test-compile dependency:build-classpath \
    -Dmdep.includeScope=test -Dmdep.outputFile="$cp_file") || murmur_die "the Maven build failed"
  murmur_say "running dev.murmur.settlement.bench.SettlementBenchmark $*"
  # shellcheck disable=SC2086
  (cd "$MURMUR_ROOT" && "$JAVA_HOME/bin/java" ${MURMUR_BENCH_JAVA_OPTS:--Xmx3g} \
    -Djava.util.logging.manager=org.jboss.logmanager.LogManager -cp "target/test-classes:target/classes:$(cat "$cp_file")" \
    dev.murmur.settlement.bench.SettlementBenchmark "$@")
}
