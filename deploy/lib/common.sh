# shellcheck shell=bash
# Common helpers for ./murmur: messages, ports, and the processes ./murmur starts.
#
# Expects MURMUR_ROOT to be set (the repository root) before it is sourced.

: "${MURMUR_ROOT:?MURMUR_ROOT must be set before sourcing common.sh}"

MURMUR_HOME="${MURMUR_HOME:-$MURMUR_ROOT/.murmur}"
MURMUR_LOGS="$MURMUR_HOME/logs"
MURMUR_RUN="$MURMUR_HOME/run"
MURMUR_DATA="$MURMUR_HOME/data"

# ---------------------------------------------------------------- messages

# Messages never fail: when stdout is a pipe whose reader is gone (`./murmur up | tee` and a Ctrl-C
# that ended tee too), shutting down the processes matters more than the message.
murmur_say() { printf 'murmur: %s\n' "$*" 2>/dev/null || true; }
murmur_warn() { printf 'murmur: warning: %s\n' "$*" >&2 2>/dev/null || true; }
murmur_err() { printf 'murmur: error: %s\n' "$*" >&2 2>/dev/null || true; }
murmur_die() {
  murmur_err "$@"
  exit 1
}

# murmur_tail FILE [LINES]: show the end of a log file, indented, on stderr.
murmur_tail() {
  local file=$1 lines=${2:-40}
  if [ -s "$file" ]; then
    printf 'murmur: ---- last %s lines of %s ----\n' "$lines" "$file" >&2
    tail -n "$lines" "$file" | sed 's/^/    /' >&2
    printf 'murmur: ---- end of %s ----\n' "$file" >&2
  else
    printf 'murmur: (%s is empty or missing)\n' "$file" >&2
  fi
}

# murmur_prepare_dirs: create .murmur/{logs,run,data}.
murmur_prepare_dirs() {
  mkdir -p "$MURMUR_LOGS" "$MURMUR_RUN" "$MURMUR_DATA"
}

# murmur_new_log NAME: print the path of .murmur/logs/NAME.log, keeping the previous one as NAME.log.1.
murmur_new_log() {
  local log="$MURMUR_LOGS/$1.log"
  mkdir -p "$MURMUR_LOGS"
  if [ -e "$log" ]; then mv -f "$log" "$log.1"; fi
  : >"$log"
  printf '%s\n' "$log"
}

# ---------------------------------------------------------------- ports

# murmur_port_in_use PORT: true when something on 127.0.0.1 accepts connections on PORT.
murmur_port_in_use() {
  (: <"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

# murmur_free_port PREFERRED [AVOID...]: print PREFERRED when it is free, else some free port
# in 20000-32767 that is not one of AVOID (ports already chosen but not bound yet). The range stays
# below Linux's ephemeral ports (32768-60999), so an outgoing connection (a JVM's to Kafka or
# PostgreSQL) cannot take the port between this check and the bind.
murmur_free_port() {
  local preferred=$1 candidate tries=0 avoid
  shift
  candidate=$preferred
  while :; do
    local clash=0
    for avoid in "$@"; do
      if [ "$candidate" = "$avoid" ]; then clash=1; fi
    done
    if [ "$clash" = 0 ] && ! murmur_port_in_use "$candidate"; then
      printf '%s\n' "$candidate"
      return 0
    fi
    tries=$((tries + 1))
    if [ "$tries" -gt 200 ]; then
      murmur_err "could not find a free TCP port"
      return 1
    fi
    candidate=$((20000 + (RANDOM * 32768 + RANDOM) % 12768))
  done
}

# murmur_wait_port PORT PID SECONDS: wait until PORT accepts connections; fail early if PID dies.
murmur_wait_port() {
  local port=$1 pid=$2 timeout=$3 waited=0
  while ! murmur_port_in_use "$port"; do
    if ! kill -0 "$pid" 2>/dev/null; then return 1; fi
    if [ "$waited" -ge $((timeout * 4)) ]; then return 1; fi
    sleep 0.25
    waited=$((waited + 1))
  done
}

# ---------------------------------------------------------------- processes we start

# Parallel arrays: what ./murmur started, in start order.
MURMUR_PIDS=()
MURMUR_NAMES=()
MURMUR_GRACE=()
MURMUR_HAVE_SETSID=0
if command -v setsid >/dev/null 2>&1; then MURMUR_HAVE_SETSID=1; fi

# murmur_spawn NAME LOG GRACE_SECONDS COMMAND...: start COMMAND in the background, output to LOG.
# With setsid the child gets its own session, so a Ctrl-C in the terminal reaches only this
# script, which then stops the children itself, in reverse order. Sets MURMUR_LAST_PID.
murmur_spawn() {
  local name=$1 log=$2 grace=$3
  shift 3
  if [ "$MURMUR_HAVE_SETSID" = 1 ]; then
    setsid "$@" >>"$log" 2>&1 </dev/null &
  else
    "$@" >>"$log" 2>&1 </dev/null &
  fi
  MURMUR_LAST_PID=$!
  MURMUR_PIDS+=("$MURMUR_LAST_PID")
  MURMUR_NAMES+=("$name")
  MURMUR_GRACE+=("$grace")
  mkdir -p "$MURMUR_RUN"
  printf '%s\n' "$MURMUR_LAST_PID" >"$MURMUR_RUN/$name.pid"
}

# murmur_signal_tree SIGNAL PID: signal the process group setsid made (or just the process).
murmur_signal_tree() {
  local sig=$1 pid=$2
  if [ "$MURMUR_HAVE_SETSID" = 1 ]; then
    kill "-$sig" -- "-$pid" 2>/dev/null || kill "-$sig" "$pid" 2>/dev/null || true
  else
    kill "-$sig" "$pid" 2>/dev/null || true
  fi
}

# murmur_stop_pid NAME PID GRACE: TERM, wait up to GRACE seconds, then KILL.
murmur_stop_pid() {
  local name=$1 pid=$2 grace=$3 waited=0
  if ! kill -0 "$pid" 2>/dev/null; then return 0; fi
  murmur_say "stopping $name (pid $pid)"
  murmur_signal_tree TERM "$pid"
  while kill -0 "$pid" 2>/dev/null; do
    if [ "$waited" -ge $((grace * 4)) ]; then
      murmur_warn "$name did not stop within ${grace}s; killing it"
      murmur_signal_tree KILL "$pid"
      break
    fi
    sleep 0.25
    waited=$((waited + 1))
  done
  wait "$pid" 2>/dev/null || true
}

# murmur_stop_all: stop everything murmur_spawn started, newest first. Idempotent.
murmur_stop_all() {
  local i
  for ((i = ${#MURMUR_PIDS[@]} - 1; i >= 0; i--)); do
    murmur_stop_pid "${MURMUR_NAMES[i]}" "${MURMUR_PIDS[i]}" "${MURMUR_GRACE[i]}"
    rm -f "$MURMUR_RUN/${MURMUR_NAMES[i]}.pid" "$MURMUR_RUN/${MURMUR_NAMES[i]}.management"
  done
  MURMUR_PIDS=()
  MURMUR_NAMES=()
  MURMUR_GRACE=()
}

# murmur_first_dead: print the name of the first started process that has exited, if any.
murmur_first_dead() {
  local i
  for i in "${!MURMUR_PIDS[@]}"; do
    if ! kill -0 "${MURMUR_PIDS[i]}" 2>/dev/null; then
      printf '%s\n' "${MURMUR_NAMES[i]}"
      return 0
    fi
  done
  return 1
}

# murmur_is_ours PID: true when PID is alive and its command line mentions this checkout, i.e.
# it is a process an earlier ./murmur of this repository started (and did not get to stop).
murmur_is_ours() {
  local pid=$1
  kill -0 "$pid" 2>/dev/null || return 1
  if [ -r "/proc/$pid/cmdline" ]; then
    tr '\0' ' ' <"/proc/$pid/cmdline" | grep -qF "$MURMUR_ROOT"
  else
    ps -o command= -p "$pid" 2>/dev/null | grep -qF "$MURMUR_ROOT"
  fi
}

# murmur_reap_orphans: stop processes left behind by an earlier ./murmur that was killed hard
# (their pid files are still in .murmur/run). Only processes whose command line names this
# checkout are touched.
murmur_reap_orphans() {
  local f pid name
  for f in "$MURMUR_RUN"/*.pid; do
    [ -e "$f" ] || continue
    name=$(basename "$f" .pid)
    pid=$(cat "$f" 2>/dev/null || true)
    # A `./murmur worker` of another terminal (worker-<its HTTP port>) is not an orphan; the workers of
    # a split `up` (worker-1, worker-2, ...) are.
    case $name in up | worker-[0-9][0-9][0-9]*) continue ;; esac
    if [ -n "$pid" ] && murmur_is_ours "$pid"; then
      murmur_warn "$name (pid $pid) was left running by an earlier ./murmur; stopping it"
      murmur_signal_tree TERM "$pid"
      local waited=0
      while kill -0 "$pid" 2>/dev/null && [ "$waited" -lt 120 ]; do
        sleep 0.25
        waited=$((waited + 1))
      done
      if kill -0 "$pid" 2>/dev/null; then murmur_signal_tree KILL "$pid"; fi
    fi
    rm -f "$f"
  done
}

# murmur_sleep SECONDS: a sleep that a trapped signal interrupts at once.
murmur_sleep() {
  sleep "$1" &
  wait $! 2>/dev/null || true
}
