# shellcheck shell=bash
# A local single-node Kafka broker (KRaft, combined broker+controller) for ./murmur, run as its own
# JVM from Maven Central jars (deploy/kafka/pom.xml, version from the Quarkus BOM). No Docker,
# no download of a Kafka distribution.
#
#   MURMUR_KAFKA_PORT   client (PLAINTEXT) port; default 9092 when free, else any free port
#   MURMUR_KAFKA_HEAP   broker heap, default 512m
#
# Jars:   .murmur/kafka/libs        (fetched once; again when deploy/kafka/pom.xml changes)
# Data:   .murmur/data/kafka        (kept between runs; `./murmur reset` removes it)
# Config: .murmur/run/kafka/server.properties (written at each start)

MURMUR_KAFKA_POM="$MURMUR_ROOT/deploy/kafka/pom.xml"
MURMUR_KAFKA_LOG4J="$MURMUR_ROOT/deploy/kafka/log4j2.properties"
MURMUR_KAFKA_HOME="$MURMUR_HOME/kafka"
MURMUR_KAFKA_LIBS="$MURMUR_KAFKA_HOME/libs"
MURMUR_KAFKA_DATA="$MURMUR_DATA/kafka"
MURMUR_KAFKA_RUN="$MURMUR_RUN/kafka"

# murmur_kafka_jar_version ARTIFACT: version of ARTIFACT-<version>.jar in the libs folder.
murmur_kafka_jar_version() {
  local jar
  for jar in "$MURMUR_KAFKA_LIBS/$1"-[0-9]*.jar; do
    [ -e "$jar" ] || return 1
    jar=${jar##*/}
    jar=${jar#"$1"-}
    printf '%s\n' "${jar%.jar}"
    return 0
  done
  return 1
}

murmur_kafka_version() {
  murmur_kafka_jar_version kafka_2.13
}

# murmur_kafka_ensure_libs: copy the broker's jars into .murmur/kafka/libs unless already there
# for the current deploy/kafka/pom.xml. Needs JAVA_HOME (for ./mvnw).
murmur_kafka_ensure_libs() {
  local stamp_file="$MURMUR_KAFKA_HOME/libs.stamp" stamp log tmp broker tools
  stamp=$(cksum <"$MURMUR_KAFKA_POM")
  if [ -d "$MURMUR_KAFKA_LIBS" ] && [ -f "$stamp_file" ] && [ "$(cat "$stamp_file")" = "$stamp" ]; then
    return 0
  fi
  murmur_say "fetching the Kafka broker jars from Maven Central (once) ..."
  mkdir -p "$MURMUR_KAFKA_HOME"
  log=$(murmur_new_log kafka-fetch)
  tmp="$MURMUR_KAFKA_HOME/libs.tmp"
  rm -rf "$tmp"
  if ! (cd "$MURMUR_ROOT" && ./mvnw -B -q -f "$MURMUR_KAFKA_POM" dependency:copy-dependencies \
    -DoutputDirectory="$tmp") >>"$log" 2>&1; then
    murmur_err "fetching the Kafka jars failed"
    murmur_tail "$log" 30
    return 1
  fi
  rm -rf "$MURMUR_KAFKA_LIBS"
  mv "$tmp" "$MURMUR_KAFKA_LIBS"
  broker=$(murmur_kafka_jar_version kafka_2.13) || {
    murmur_err "no kafka_2.13 jar in $MURMUR_KAFKA_LIBS"
    return 1
  }
  tools=$(murmur_kafka_jar_version kafka-tools) || tools=none
  if [ "$broker" != "$tools" ]; then
    murmur_warn "kafka-tools $tools differs from the broker's $broker: set kafka.tools.version in deploy/kafka/pom.xml to $broker"
  fi
  printf '%s\n' "$stamp" >"$stamp_file"
  murmur_say "Kafka $broker jars in ${MURMUR_KAFKA_LIBS#"$MURMUR_ROOT"/}"
}

# murmur_kafka_java_opts broker|tool: JVM options for the broker (logs INFO to stdout, which goes
# to .murmur/logs/kafka.log) or for a command-line tool (Log4j 2's default: errors only).
murmur_kafka_java_opts() {
  local opts=(-Djava.awt.headless=true)
  if [ "$1" = broker ]; then opts+=("-Dlog4j2.configurationFile=$MURMUR_KAFKA_LOG4J"); fi
  if [ "${MURMUR_JAVA_MAJOR:-21}" -ge 23 ]; then
    # Kafka's buffer unmapping uses sun.misc.Unsafe; say so, instead of a warning at each start.
    opts+=(--sun-misc-unsafe-memory-access=allow)
  fi
  if [ "${MURMUR_JAVA_MAJOR:-21}" -ge 24 ]; then
    opts+=(--enable-native-access=ALL-UNNAMED)
  fi
  printf '%s\n' "${opts[@]}"
}

# murmur_kafka_write_config PORT CONTROLLER_PORT: write server.properties for a single-node KRaft
# cluster in combined mode.
murmur_kafka_write_config() {
  local port=$1 cport=$2
  mkdir -p "$MURMUR_KAFKA_RUN" "$MURMUR_KAFKA_DATA"
  cat >"$MURMUR_KAFKA_RUN/server.properties" <<EOF
# Written by ./murmur at each start; edits are lost.
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:$cport
listeners=PLAINTEXT://127.0.0.1:$port,CONTROLLER://127.0.0.1:$cport
advertised.listeners=PLAINTEXT://127.0.0.1:$port
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
log.dirs=$MURMUR_KAFKA_DATA
num.partitions=3
default.replication.factor=1
min.insync.replicas=1
offsets.topic.replication.factor=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
group.initial.rebalance.delay.ms=0
auto.create.topics.enable=true
log.retention.hours=168
EOF
}

# murmur_kafka_format LOG: format the storage once (a new cluster id), unless already formatted.
murmur_kafka_format() {
  local log=$1 cluster_id opts
  if [ -f "$MURMUR_KAFKA_DATA/meta.properties" ]; then
    return 0
  fi
  mapfile -t opts < <(murmur_kafka_java_opts tool)
  cluster_id=$(java "${opts[@]}" -cp "$MURMUR_KAFKA_LIBS/*" kafka.tools.StorageTool random-uuid 2>>"$log") || {
    murmur_err "could not generate a Kafka cluster id"
    murmur_tail "$log" 20
    return 1
  }
  case $cluster_id in
    *[!A-Za-z0-9_-]* | '')
      murmur_err "unexpected Kafka cluster id '$cluster_id'"
      return 1
      ;;
  esac
  murmur_say "formatting Kafka storage in ${MURMUR_KAFKA_DATA#"$MURMUR_ROOT"/} (cluster id $cluster_id)"
  if ! java "${opts[@]}" -cp "$MURMUR_KAFKA_LIBS/*" kafka.tools.StorageTool format \
    -t "$cluster_id" -c "$MURMUR_KAFKA_RUN/server.properties" >>"$log" 2>&1; then
    murmur_err "formatting the Kafka storage failed (try: ./murmur reset)"
    murmur_tail "$log" 20
    return 1
  fi
}

# murmur_kafka_start: start the broker and wait until it serves. Sets MURMUR_KAFKA_BOOTSTRAP.
murmur_kafka_start() {
  local port cport log pid opts waited=0
  if [ -n "${MURMUR_KAFKA_PORT:-}" ]; then
    if murmur_port_in_use "$MURMUR_KAFKA_PORT"; then
      murmur_die "MURMUR_KAFKA_PORT=$MURMUR_KAFKA_PORT is already in use"
    fi
    port=$MURMUR_KAFKA_PORT
  else
    port=$(murmur_free_port 9092)
  fi
  cport=$(murmur_free_port 9093 "$port")
  murmur_kafka_write_config "$port" "$cport"
  log=$(murmur_new_log kafka)
  murmur_kafka_format "$log" || return 1
  mapfile -t opts < <(murmur_kafka_java_opts broker)
  murmur_say "starting Kafka $(murmur_kafka_version) on 127.0.0.1:$port (controller :$cport) ..."
  murmur_spawn kafka "$log" 30 java "-Xms128m" "-Xmx${MURMUR_KAFKA_HEAP:-512m}" -XX:+UseG1GC "${opts[@]}" \
    -cp "$MURMUR_KAFKA_LIBS/*" kafka.Kafka "$MURMUR_KAFKA_RUN/server.properties"
  pid=$MURMUR_LAST_PID
  # Ready when the broker says so and its client port accepts connections.
  while ! { grep -q 'Kafka Server started' "$log" && murmur_port_in_use "$port"; }; do
    if ! kill -0 "$pid" 2>/dev/null; then
      murmur_err "Kafka exited during startup"
      murmur_tail "$log" 40
      return 1
    fi
    if [ "$waited" -ge 360 ]; then
      murmur_err "Kafka did not start within 90s"
      murmur_tail "$log" 40
      return 1
    fi
    sleep 0.25
    waited=$((waited + 1))
  done
  MURMUR_KAFKA_BOOTSTRAP="127.0.0.1:$port"
  murmur_say "Kafka ready at $MURMUR_KAFKA_BOOTSTRAP (pid $pid, log: ${log#"$MURMUR_ROOT"/})"
}

# murmur_kafka_tool CLASS ARGS...: run a Kafka command-line tool class with the broker's jars,
# e.g. org.apache.kafka.tools.ConsoleProducer or org.apache.kafka.tools.consumer.ConsoleConsumer.
murmur_kafka_tool() {
  local opts
  mapfile -t opts < <(murmur_kafka_java_opts tool)
  exec java "${opts[@]}" -cp "$MURMUR_KAFKA_LIBS/*" "$@"
}
