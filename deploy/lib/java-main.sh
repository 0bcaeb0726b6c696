#!/usr/bin/env bash
# Runs one of the app's plain Java mains (no Quarkus, no database unless asked) on the compiled classes
# and the runtime classpath: ./murmur audit (dev.murmur.audit.AuditCli) and ./murmur claim
# (dev.murmur.settlement.claim.ClaimCli), ./murmur wallet (dev.murmur.tip.WalletCli). Arguments are parsed
# by picocli in each main (decision 1130): --help and --version exit 0, usage errors 2.
#   deploy/lib/java-main.sh CLASS [ARGS...]
set -euo pipefail
MURMUR_ROOT=${MURMUR_ROOT:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd -P)}
export MURMUR_ROOT
# shellcheck source=deploy/lib/common.sh
. "$MURMUR_ROOT/deploy/lib/common.sh"
# shellcheck source=deploy/lib/jdk.sh
. "$MURMUR_ROOT/deploy/lib/jdk.sh"

main_class=$1
shift
murmur_find_jdk >/dev/null || exit 2
cp_file="$MURMUR_ROOT/target/java-main.classpath"
if [ ! -s "$cp_file" ] || [ ! -d "$MURMUR_ROOT/target/classes/dev/murmur/audit" ] || [ "$MURMUR_ROOT/pom.xml" -nt "$cp_file" ]; then
  (cd "$MURMUR_ROOT" && ./mvnw -B -q -o compile dependency:build-classpath -Dmdep.includeScope=runtime \
    -Dmdep.outputFile="$cp_file" >&2) || (cd "$MURMUR_ROOT" && ./mvnw -B -q compile dependency:build-classpath \
    -Dmdep.includeScope=runtime -Dmdep.outputFile="$cp_file" >&2) || { echo "murmur: the Maven build failed" >&2; exit 2; }
fi
exec "$JAVA_HOME/bin/java" -Djava.util.logging.manager=org.jboss.logmanager.LogManager \
  -cp "$MURMUR_ROOT/target/classes:$(cat "$cp_file")" "$main_class" "$@"
