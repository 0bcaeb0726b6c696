# shellcheck shell=bash
# The local chain for ./murmur: anvil from the npm package @foundry-rs/anvil (pinned in
# contracts/package.json; the native binary ships inside a platform package in node_modules).
#
#   MURMUR_ANVIL_BIN   use this anvil binary instead of the one in contracts/node_modules

MURMUR_CONTRACTS="$MURMUR_ROOT/contracts"
MURMUR_CHAIN_ID=31337
# anvil's well-known dev account 0, the operator of a dev chain (see murmur_anvil_app_env).
MURMUR_ANVIL_OPERATOR_KEY=0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80

# murmur_npm_ensure: `npm install` in contracts/ when node_modules is missing or older than the
# lockfile (or package.json when there is no lockfile).
murmur_npm_ensure() {
  local dir=$MURMUR_CONTRACTS marker ref
  if [ ! -f "$dir/package.json" ]; then
    murmur_warn "contracts/package.json not found; skipping npm install"
    return 0
  fi
  marker="$dir/node_modules/.package-lock.json"
  ref="$dir/package.json"
  if [ -f "$dir/package-lock.json" ]; then ref="$dir/package-lock.json"; fi
  if [ -d "$dir/node_modules" ] && [ -f "$marker" ] && [ ! "$ref" -nt "$marker" ]; then
    return 0
  fi
  if ! command -v npm >/dev/null 2>&1; then
    murmur_err "npm not found; install Node.js 18+ (which brings npm), e.g. apt install nodejs npm, or https://nodejs.org"
    return 1
  fi
  murmur_say "installing the contracts' npm packages (anvil, forge, ...) in contracts/ ..."
  (cd "$dir" && npm install --no-audit --no-fund) || {
    murmur_err "npm install in contracts/ failed"
    return 1
  }
  if [ -f "$marker" ]; then touch "$marker"; fi
}

# murmur_anvil_find: print the path of the anvil binary.
murmur_anvil_find() {
  local bin
  if [ -n "${MURMUR_ANVIL_BIN:-}" ]; then
    if [ -x "$MURMUR_ANVIL_BIN" ]; then
      printf '%s\n' "$MURMUR_ANVIL_BIN"
      return 0
    fi
    murmur_err "MURMUR_ANVIL_BIN=$MURMUR_ANVIL_BIN is not an executable file"
    return 1
  fi
  # The real binary (e.g. @foundry-rs/anvil-linux-amd64/bin/anvil); node_modules/.bin/anvil is
  # only a symlink to a node launcher.
  bin=$(find "$MURMUR_CONTRACTS/node_modules" -path '*/bin/anvil' -type f -perm -u+x 2>/dev/null | sort | head -n 1)
  if [ -z "$bin" ]; then
    bin=$(find "$MURMUR_CONTRACTS/node_modules" \( -name anvil -o -name anvil.exe \) -type f 2>/dev/null | sort | head -n 1)
  fi
  if [ -z "$bin" ]; then
    murmur_err "anvil not found under contracts/node_modules (run: cd contracts && npm install; or set MURMUR_ANVIL_BIN)"
    return 1
  fi
  printf '%s\n' "$bin"
}

# murmur_anvil_start: start anvil on a port the OS picks and read that port from its log.
# Sets MURMUR_ANVIL_PORT and MURMUR_CHAIN_RPC.
murmur_anvil_start() {
  local bin log pid waited=0 port=""
  bin=$(murmur_anvil_find) || return 1
  log=$(murmur_new_log anvil)
  murmur_say "starting anvil (chain id $MURMUR_CHAIN_ID) ..."
  # The chain keeps its state between runs, like PostgreSQL and Kafka do: contracts deployed and
  # batches settled in one `up` are still there in the next (`./murmur reset` starts afresh).
  mkdir -p "$MURMUR_DATA/anvil"
  murmur_spawn anvil "$log" 10 "$bin" --host 127.0.0.1 --port 0 --chain-id "$MURMUR_CHAIN_ID" \
    --state "$MURMUR_DATA/anvil/state.json"
  pid=$MURMUR_LAST_PID
  while :; do
    port=$(sed -n 's/^Listening on 127\.0\.0\.1:\([0-9][0-9]*\).*/\1/p' "$log" | head -n 1)
    if [ -n "$port" ]; then break; fi
    if ! kill -0 "$pid" 2>/dev/null; then
      murmur_err "anvil exited during startup"
      murmur_tail "$log" 30
      return 1
    fi
    if [ "$waited" -ge 120 ]; then
      murmur_err "anvil did not report its port within 30s"
      murmur_tail "$log" 30
      return 1
    fi
    sleep 0.25
    waited=$((waited + 1))
  done
  # shellcheck disable=SC2034 # read by callers
  MURMUR_ANVIL_PORT=$port
  MURMUR_CHAIN_RPC="http://127.0.0.1:$port"
  murmur_say "anvil ready at $MURMUR_CHAIN_RPC (pid $pid, log: ${log#"$MURMUR_ROOT"/})"
}

# murmur_anvil_app_env: the app's chain settings for the local anvil, one VAR=VALUE per line.
# The key is anvil's well-known dev account 0 (operator); account 1 gets the auditor role by its
# address only, and its key is used by `./murmur audit veto` alone (decision 0612). Public knowledge
# and worthless anywhere but this local chain; real deployments set their own keys in the
# environment and never use these. The app deploys (or, on a chain that kept its state, reuses)
# its own payout contract, and operators may fund it from the operator key.
murmur_anvil_app_env() {
  murmur_anvil_chain_env
  murmur_anvil_signer_env
}

# murmur_anvil_chain_env: the chain settings every process that reads the chain needs (no key).
murmur_anvil_chain_env() {
  printf '%s\n' \
    "MURMUR_CHAIN_RPC_URL=$MURMUR_CHAIN_RPC" \
    "MURMUR_CHAIN_CHAIN_ID=$MURMUR_CHAIN_ID" \
    "MURMUR_CHAIN_CONFIRMATIONS=1" \
    "MURMUR_LISTENER_CONFIRMATIONS=0"
}

# murmur_anvil_signer_env: what only the process that signs gets (the settler, or the all role):
# the operator key, the dev contract deployment and dev funding.
murmur_anvil_signer_env() {
  printf '%s\n' \
    "MURMUR_CHAIN_OPERATOR_KEY=$MURMUR_ANVIL_OPERATOR_KEY" \
    "MURMUR_CHAIN_DEV_DEPLOY=true" \
    "MURMUR_SETTLEMENT_DEV_FUNDING=true"
}
