#!/usr/bin/env bash
# Runs the forge pinned in package.json on this project, from any working directory:
#   contracts/forge.sh build | test | snapshot | ...
# forge resolves foundry.toml's relative `solc = "bin/solc"` against the working directory, so this
# changes into contracts/ and also passes the wrapper's absolute path as FOUNDRY_SOLC.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$here"
if [ ! -e node_modules/.bin/forge ]; then
  echo "contracts/forge.sh: node_modules is missing; run contracts/test.sh or npm install in contracts/" >&2
  exit 1
fi
export FOUNDRY_SOLC="$here/bin/solc"
exec node_modules/.bin/forge "$@"
