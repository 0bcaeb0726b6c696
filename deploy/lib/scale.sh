# shellcheck shell=bash
# A split local topology for ./murmur up (docs/operations.md "Several instances", decision 0811):
# N processes in the api role behind haproxy on the one public port, M in the worker role, and
# exactly one settler, the only process given the operator key; the Kafka topics with two partitions
# per worker (at least 6). deploy/scale/test.sh starts the
# same topology with these functions and proves it correct.
#
# Order: the settler first (it runs the Flyway migrations and, on a dev chain, deploys the payout
# contract, whose address the api processes need); then the api and worker processes, all at once;
# then haproxy in front of the api processes.
#
#   MURMUR_SCALE_APP_JAVA_OPTS  JVM options of each process of a split topology (default: a small
#                               heap, -Xmx384m -XX:+UseSerialGC -XX:TieredStopAtLevel=1), so that
#                               several fit on a small machine; MURMUR_APP_JAVA_OPTS wins when set

MURMUR_HAPROXY_CFG="$MURMUR_RUN/haproxy.cfg"
# What each api process of the running topology serves: "name http-url management-url", one a line.
MURMUR_SCALE_APIS=()
# Extra VAR=VALUE for the api processes only (the demo seeder, the bootstrap admin); set by callers.
if ! declare -p MURMUR_SCALE_API_ENV >/dev/null 2>&1; then MURMUR_SCALE_API_ENV=(); fi
# ... and for the settler only (the demo seeder: the settler starts first and alone).
if ! declare -p MURMUR_SCALE_SETTLER_ENV >/dev/null 2>&1; then MURMUR_SCALE_SETTLER_ENV=(); fi

# murmur_apt_ensure COMMAND PACKAGE: install the Debian PACKAGE with apt-get when COMMAND is missing
# (haproxy for ./murmur up --api N; jq for deploy/scale/test.sh).
murmur_apt_ensure() {
  local cmd=$1 package=$2 sudo=()
  if command -v "$cmd" >/dev/null 2>&1 || [ -x "/usr/sbin/$cmd" ]; then
    return 0
  fi
  if ! command -v apt-get >/dev/null 2>&1; then
    murmur_err "$cmd not found and apt-get is not available; install $package"
    return 1
  fi
  if [ "$(id -u)" != 0 ]; then
    if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
      sudo=(sudo -n)
    else
      murmur_err "$cmd not found; install it: sudo apt-get install -y $package"
      return 1
    fi
  fi
  murmur_say "installing $package: apt-get install -y $package ..."
  if ! "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -qq ||
    ! "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$package" >/dev/null; then
    murmur_err "apt-get could not install $package"
    return 1
  fi
}

murmur_haproxy_bin() {
  command -v haproxy 2>/dev/null || printf '%s\n' /usr/sbin/haproxy
}

# murmur_scale_partitions WORKERS: partitions per topic, two per worker and at least 6, so that
# every worker keeps partitions after one of them restarts and a rebalance has something to spread.
# Every process gets it as MURMUR_OUTBOX_PARTITIONS: the first to start (the settler) creates the
# missing topics with it (KafkaClients). Topics that exist keep their partitions: adding partitions
# moves keys, which would reorder a creator's events (docs/scale.md); `./murmur reset` starts afresh.
murmur_scale_partitions() {
  local p=$(($1 * 2))
  if [ "$p" -lt 6 ]; then p=6; fi
  printf '%s\n' "$p"
}

# murmur_scale_java_opts: the JVM options of one process of a split topology.
murmur_scale_java_opts() {
  printf '%s\n' "${MURMUR_APP_JAVA_OPTS:-${MURMUR_SCALE_APP_JAVA_OPTS:--Xmx384m -XX:+UseSerialGC -XX:TieredStopAtLevel=1}}"
}

# murmur_scale_settler_start NAME [VAR=VALUE...]: start a process in the settler role with the
# operator key (murmur_anvil_signer_env) and wait until it is ready. The first settler deploys the
# dev contract; sets MURMUR_CHAIN_PAYOUTS_ADDRESS from its log unless it was set.
murmur_scale_settler_start() {
  local name=$1 port payouts
  shift
  port=$(murmur_free_port 8070 "${MURMUR_PORTS_TAKEN[@]}") || return 1
  local env=("MURMUR_ROLE=settler")
  mapfile -t -O 1 env < <(murmur_anvil_chain_env; murmur_anvil_signer_env)
  if [ -n "${MURMUR_CHAIN_PAYOUTS_ADDRESS:-}" ]; then env+=("MURMUR_CHAIN_PAYOUTS_ADDRESS=$MURMUR_CHAIN_PAYOUTS_ADDRESS"); fi
  MURMUR_APP_JAVA_OPTS=$(murmur_scale_java_opts) murmur_app_start "$name" "$port" "$@" "${env[@]}" || return 1
  if [ -z "${MURMUR_CHAIN_PAYOUTS_ADDRESS:-}" ]; then
    payouts=$(sed -n 's/.*MurmurPayouts at \(0x[0-9a-fA-F]\{40\}\).*/\1/p' "$MURMUR_LOGS/$name.log" | tail -n 1)
    if [ -z "$payouts" ]; then
      payouts=$(sed -n 's/.*payouts \(0x[0-9a-fA-F]\{40\}\), signing as operator.*/\1/p' "$MURMUR_LOGS/$name.log" | tail -n 1)
    fi
    if [ -z "$payouts" ]; then
      murmur_err "the settler did not log the payout contract's address"
      murmur_tail "$MURMUR_LOGS/$name.log" 30
      return 1
    fi
    MURMUR_CHAIN_PAYOUTS_ADDRESS=$payouts
  fi
}

# murmur_scale_api_spawn NAME PORT BEHIND_PROXY [VAR=VALUE...]: start a process in the api role on
# PORT, without the operator key: the chain read-only, at the settler's contract. With BEHIND_PROXY=1
# it trusts haproxy's X-Forwarded-For from 127.0.0.1 (docs/operations.md "Behind a proxy"), so rate
# limits see the client's address. Does not wait (murmur_app_wait_ready).
murmur_scale_api_spawn() {
  local name=$1 port=$2 proxied=$3
  shift 3
  local env=("MURMUR_ROLE=api" "MURMUR_CHAIN_PAYOUTS_ADDRESS=$MURMUR_CHAIN_PAYOUTS_ADDRESS")
  if [ "$proxied" = 1 ]; then
    env+=("QUARKUS_HTTP_PROXY_PROXY_ADDRESS_FORWARDING=true" "QUARKUS_HTTP_PROXY_ALLOW_X_FORWARDED=true"
      "QUARKUS_HTTP_PROXY_TRUSTED_PROXIES=127.0.0.1")
  fi
  mapfile -t -O "${#env[@]}" env < <(murmur_anvil_chain_env)
  MURMUR_APP_JAVA_OPTS=$(murmur_scale_java_opts) murmur_app_spawn "$name" "$port" "$@" "${env[@]}" || return 1
  MURMUR_SCALE_APIS+=("$name $MURMUR_SPAWNED_APP_URL $MURMUR_SPAWNED_MANAGEMENT_URL")
}

# murmur_scale_worker_spawn NAME [VAR=VALUE...]: start a process in the worker role (no chain
# settings at all). Does not wait (murmur_app_wait_ready).
murmur_scale_worker_spawn() {
  local name=$1 port
  shift
  port=$(murmur_free_port 8091 "${MURMUR_PORTS_TAKEN[@]}") || return 1
  MURMUR_APP_JAVA_OPTS=$(murmur_scale_java_opts) murmur_app_spawn "$name" "$port" "$@" "MURMUR_ROLE=worker" || return 1
}

# murmur_haproxy_start PORT: haproxy on 127.0.0.1:PORT, round robin over MURMUR_SCALE_APIS, each
# checked on its readiness (/q/health/ready on its management port). Long client and server
# timeouts: live streams (/api/live) stay open; keepalive comments keep them busy.
murmur_haproxy_start() {
  local port=$1 entry name url mgmt log pid
  {
    cat <<EOF
# Written by ./murmur (deploy/lib/scale.sh) at each start; edits are lost.
global
  maxconn 2048
defaults
  mode http
  option forwardfor
  option http-server-close
  timeout connect 5s
  timeout client 1h
  timeout server 1h
  timeout http-request 30s
frontend murmur
  bind 127.0.0.1:$port
  default_backend murmur-api
backend murmur-api
  balance roundrobin
  option httpchk
  http-check send meth GET uri /q/health/ready
EOF
    for entry in "${MURMUR_SCALE_APIS[@]}"; do
      read -r name url mgmt <<<"$entry"
      url=${url#http://}
      mgmt=${mgmt#http://}
      mgmt=${mgmt%/q}
      printf '  server %s %s check port %s inter 2s fall 2 rise 1\n' "$name" "$url" "${mgmt##*:}"
    done
  } >"$MURMUR_HAPROXY_CFG"
  log=$(murmur_new_log haproxy)
  murmur_say "starting haproxy on http://127.0.0.1:$port in front of ${#MURMUR_SCALE_APIS[@]} api processes ..."
  murmur_spawn haproxy "$log" 5 "$(murmur_haproxy_bin)" -db -f "$MURMUR_HAPROXY_CFG"
  pid=$MURMUR_LAST_PID
  if ! murmur_wait_port "$port" "$pid" 15; then
    murmur_err "haproxy did not start"
    murmur_tail "$log" 20
    return 1
  fi
}

# murmur_scale_start APIS WORKERS PUBLIC_PORT [VAR=VALUE...]: the whole split topology on the
# running PostgreSQL, Kafka and anvil; VAR=VALUE go to every process, MURMUR_SCALE_API_ENV (an
# array) to the api processes only and MURMUR_SCALE_SETTLER_ENV to the settler only. With one api process it serves the public port itself;
# with more, haproxy does. Sets MURMUR_APP_URL (the public URL) and MURMUR_MANAGEMENT_URL (the
# first api's, or the settler's when there is none).
murmur_scale_start() {
  local apis=$1 workers=$2 public=$3 i port pids=() names=()
  shift 3
  rm -f "$MURMUR_HAPROXY_CFG" # written again below when haproxy runs; the summary looks for it
  set -- "$@" "MURMUR_OUTBOX_PARTITIONS=$(murmur_scale_partitions "$workers")"
  murmur_scale_settler_start settler "$@" "${MURMUR_SCALE_SETTLER_ENV[@]}" || return 1
  MURMUR_MANAGEMENT_URL=$(cat "$MURMUR_RUN/settler.management")
  MURMUR_SCALE_APIS=()
  MURMUR_PORTS_TAKEN+=("$public")
  for ((i = 1; i <= apis; i++)); do
    if [ "$apis" = 1 ]; then
      port=$public
    else
      port=$(murmur_free_port 8081 "${MURMUR_PORTS_TAKEN[@]}") || return 1
    fi
    murmur_scale_api_spawn "api-$i" "$port" "$((apis > 1 ? 1 : 0))" "$@" "${MURMUR_SCALE_API_ENV[@]}" || return 1
    pids+=("$MURMUR_LAST_PID")
    names+=("api-$i")
  done
  for ((i = 1; i <= workers; i++)); do
    murmur_scale_worker_spawn "worker-$i" "$@" || return 1
    pids+=("$MURMUR_LAST_PID")
    names+=("worker-$i")
  done
  for i in "${!pids[@]}"; do
    murmur_app_wait_ready "${pids[i]}" "${names[i]}" || return 1
  done
  if [ "$apis" -ge 2 ]; then
    murmur_haproxy_start "$public" || return 1
  fi
  if [ "$apis" -ge 1 ]; then
    MURMUR_APP_URL="http://127.0.0.1:$public"
    MURMUR_MANAGEMENT_URL=$(cat "$MURMUR_RUN/api-1.management")
  fi
}

# murmur_scale_print_processes: one line per process of the topology, for the summary.
murmur_scale_print_processes() {
  local f name
  for f in "$MURMUR_RUN"/*.management; do
    [ -e "$f" ] || continue
    name=$(basename "$f" .management)
    printf ' %-14s %s  (pid %s, log %s)\n' "$name" "$(cat "$f")" "$(cat "$MURMUR_RUN/$name.pid" 2>/dev/null)" \
      "${MURMUR_LOGS#"$MURMUR_ROOT"/}/$name.log"
  done
}
