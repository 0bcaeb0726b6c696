# shellcheck shell=bash
# The Murmur application (Quarkus fast-jar) for ./murmur: build it when needed, run it, wait for it.
#
#   MURMUR_REBUILD=1        force the Maven build (./murmur up --rebuild)
#   MURMUR_APP_JAVA_OPTS    extra JVM options for the app, e.g. "-Xmx1g"
#   MURMUR_HTTP_HOST        interface to listen on, default 127.0.0.1
#   MURMUR_READY_TIMEOUT    seconds to wait for /q/health/ready, default 120
#   MURMUR_MANAGEMENT_PORT  the app's management port (health, metrics, OpenAPI, Swagger UI), default
#                           9000 or a free port; the jar serves them only there (docs/operations.md)

MURMUR_APP_JAR="$MURMUR_ROOT/target/quarkus-app/quarkus-run.jar"
# Ports given to processes that may not have bound them yet (murmur_app_spawn, scale.sh).
MURMUR_PORTS_TAKEN=()

# murmur_app_build_reason: print why the app needs building; fail when it does not.
murmur_app_build_reason() {
  local newer
  if [ "${MURMUR_REBUILD:-0}" = 1 ]; then
    echo "--rebuild was given"
    return 0
  fi
  if [ ! -f "$MURMUR_APP_JAR" ]; then
    echo "target/quarkus-app/quarkus-run.jar is missing"
    return 0
  fi
  newer=$(find "$MURMUR_ROOT/pom.xml" "$MURMUR_ROOT/src/main" -newer "$MURMUR_APP_JAR" -type f -print 2>/dev/null | head -n 1)
  if [ -n "$newer" ]; then
    echo "${newer#"$MURMUR_ROOT"/} changed since the last build"
    return 0
  fi
  return 1
}

# murmur_app_ensure_built: run the Maven package build when the jar is missing or stale.
murmur_app_ensure_built() {
  local reason
  if ! reason=$(murmur_app_build_reason); then
    return 0
  fi
  murmur_say "building the app ($reason): ./mvnw -B -q package -DskipTests ..."
  if ! (cd "$MURMUR_ROOT" && ./mvnw -B -q package -DskipTests); then
    murmur_err "the Maven build failed (output above)"
    return 1
  fi
  if [ ! -f "$MURMUR_APP_JAR" ]; then
    murmur_err "the build finished but $MURMUR_APP_JAR is missing"
    return 1
  fi
  touch "$MURMUR_APP_JAR"
}

# murmur_http_port PREFERRED: MURMUR_HTTP_PORT when set (must be free), else PREFERRED when free,
# else any free port.
murmur_http_port() {
  if [ -n "${MURMUR_HTTP_PORT:-}" ]; then
    if murmur_port_in_use "$MURMUR_HTTP_PORT"; then
      murmur_err "MURMUR_HTTP_PORT=$MURMUR_HTTP_PORT is already in use"
      return 1
    fi
    printf '%s\n' "$MURMUR_HTTP_PORT"
  else
    murmur_free_port "$1"
  fi
}

# murmur_app_start NAME PORT [VAR=VALUE...]: run the app jar with the given environment (on top of
# the caller's), log to .murmur/logs/NAME.log, and wait until /q/health/ready answers 200 on its
# management port (MURMUR_MANAGEMENT_PORT, else 9000 or a free port). Sets MURMUR_APP_URL and
# MURMUR_MANAGEMENT_URL.
murmur_app_start() {
  murmur_app_spawn "$@" || return 1
  murmur_app_wait_ready "$MURMUR_LAST_PID" "$1" || return 1
  # shellcheck disable=SC2034 # read by ../../murmur
  MURMUR_APP_URL=$MURMUR_SPAWNED_APP_URL
  # shellcheck disable=SC2034 # read by ../../murmur
  MURMUR_MANAGEMENT_URL=$MURMUR_SPAWNED_MANAGEMENT_URL
}

# murmur_app_spawn NAME PORT [VAR=VALUE...]: start the app like murmur_app_start, without waiting.
# Sets MURMUR_LAST_PID, MURMUR_SPAWNED_APP_URL and MURMUR_SPAWNED_MANAGEMENT_URL, so that several
# processes can start at once and be waited for together (murmur_app_wait_ready).
murmur_app_spawn() {
  local name=$1 port=$2 log mport extra=()
  shift 2
  if [ -n "${MURMUR_MANAGEMENT_PORT:-}" ] && [ "$name" = app ]; then
    mport=$MURMUR_MANAGEMENT_PORT
  else
    # Ports handed out but not bound yet (processes still starting) must not be handed out again.
    mport=$(murmur_free_port 9000 "$port" "${MURMUR_PORTS_TAKEN[@]}")
  fi
  MURMUR_PORTS_TAKEN+=("$port" "$mport")
  if ! command -v curl >/dev/null 2>&1; then
    murmur_err "curl not found; install it (apt install curl)"
    return 1
  fi
  if [ -n "${MURMUR_APP_JAVA_OPTS:-}" ]; then
    read -r -a extra <<<"$MURMUR_APP_JAVA_OPTS"
  fi
  log=$(murmur_new_log "$name")
  murmur_say "starting the app ($name) on http://127.0.0.1:$port (management: http://127.0.0.1:$mport/q) ..."
  murmur_spawn "$name" "$log" 30 env "$@" \
    "QUARKUS_HTTP_PORT=$port" "QUARKUS_HTTP_HOST=${MURMUR_HTTP_HOST:-127.0.0.1}" \
    "QUARKUS_MANAGEMENT_PORT=$mport" "QUARKUS_MANAGEMENT_HOST=127.0.0.1" \
    java "${extra[@]}" -jar "$MURMUR_APP_JAR"
  MURMUR_SPAWNED_APP_URL="http://127.0.0.1:$port"
  MURMUR_SPAWNED_MANAGEMENT_URL="http://127.0.0.1:$mport/q"
  printf '%s\n' "$MURMUR_SPAWNED_MANAGEMENT_URL" >"$MURMUR_RUN/$name.management"
}

# murmur_app_wait_ready PID NAME: wait until the app NAME (started by murmur_app_spawn, pid PID)
# answers 200 on /q/health/ready; fail, with its log, when it exits or MURMUR_READY_TIMEOUT passes.
murmur_app_wait_ready() {
  local pid=$1 name=$2 log health waited=0 timeout=${MURMUR_READY_TIMEOUT:-120}
  log="$MURMUR_LOGS/$name.log"
  health="$(cat "$MURMUR_RUN/$name.management")/health/ready"
  while [ "$(curl -s -o /dev/null -m 5 -w '%{http_code}' "$health" 2>/dev/null)" != 200 ]; do
    if ! kill -0 "$pid" 2>/dev/null; then
      murmur_err "the app ($name) exited during startup"
      murmur_tail "$log" 60
      return 1
    fi
    if [ "$waited" -ge "$timeout" ]; then
      murmur_err "the app ($name) was not ready within ${timeout}s; its readiness report:"
      curl -s -m 5 "$health" >&2 || true
      echo >&2
      murmur_tail "$log" 60
      return 1
    fi
    sleep 1
    waited=$((waited + 1))
  done
  murmur_say "app ready: $name (pid $pid, log: ${log#"$MURMUR_ROOT"/})"
}
