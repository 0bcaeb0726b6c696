# shellcheck shell=bash
# The one way a benchmark's Java main starts: ./murmur bench NAME compiles the test sources, resolves the
# test classpath once, and runs dev.murmur.bench.<name>... (or another bench main) from it. Benchmarks
# live in the test sources, never in the production jar (docs/benchmarks.md).
#
#   MURMUR_BENCH_JAVA_OPTS   JVM options for the benchmark (default -Xmx3g)

# murmur_bench_main CLASS [ARGS...]: compile, resolve the test classpath and run CLASS in the checkout.
murmur_bench_main() {
  local main_class=$1 cp_file="$MURMUR_ROOT/target/bench.classpath"
  shift
  murmur_find_jdk >/dev/null || exit 1
  murmur_say "compiling (./mvnw -B -q test-compile) and resolving the test classpath ..."
  (cd "$MURMUR_ROOT" && ./mvnw -B -q test-compile dependency:build-classpath \
    -Dmdep.includeScope=test -Dmdep.outputFile="$cp_file" >&2) || murmur_die "the Maven build failed"
  murmur_say "running $main_class $*"
  # shellcheck disable=SC2086
  (cd "$MURMUR_ROOT" && "$JAVA_HOME/bin/java" ${MURMUR_BENCH_JAVA_OPTS:--Xmx3g} \
    -Djava.util.logging.manager=org.jboss.logmanager.LogManager -cp "target/test-classes:target/classes:$(cat "$cp_file")" \
    "$main_class" "$@")
}
