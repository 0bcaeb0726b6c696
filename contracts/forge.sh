#!/usr/bin/env bash
# Runs the forge pinned in package.json on this project, from any working directory:
#   contracts/forge.sh build | test | snapshot | ...
#
# It runs the platform binary that npm installed (node_modules/@foundry-rs/forge-<os>-<arch>/bin/forge)
# rather than node_modules/.bin/forge: that Node launcher does not pass forge's exit status on, so
# failing tests would look green.
#
# forge resolves foundry.toml's relative `solc = "bin/solc"` against the working directory, so this
# changes into contracts/ and also passes the wrapper's absolute path as FOUNDRY_SOLC.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$here"

case "$(uname -s)" in
  Linux) os=linux ;;
  Darwin) os=darwin ;;
  *) echo "contracts/forge.sh: unsupported OS $(uname -s)" >&2; exit 1 ;;
esac
case "$(uname -m)" in
  x86_64 | amd64) arch=amd64 ;;
  aarch64 | arm64) arch=arm64 ;;
  *) echo "contracts/forge.sh: unsupported CPU $(uname -m)" >&2; exit 1 ;;
esac
forge="node_modules/@foundry-rs/forge-$os-$arch/bin/forge"
if [ ! -x "$forge" ]; then
  echo "contracts/forge.sh: $forge is missing; run contracts/test.sh (or npm install in contracts/)" >&2
  exit 1
fi

export FOUNDRY_SOLC="$here/bin/solc"
if [ "${1:-}" = "lint" ]; then
  # forge lint compiles without bytecode into the shared cache, after which forge test silently
  # skips the suites it touched; give it a cache and output of its own.
  export FOUNDRY_OUT=out-lint FOUNDRY_CACHE_PATH=cache-lint
fi
exec "$forge" "$@"
