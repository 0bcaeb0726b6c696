#!/usr/bin/env bash
# Builds and tests the payout contracts, from any working directory; exits non-zero on any failure.
#   1. installs the pinned npm packages (forge, anvil, solc-js, OpenZeppelin) if needed, and checks
#      that the install left package-lock.json unchanged;
#   2. checks that the committed Merkle vectors are what the generator writes;
#   3. forge build, and checks that the committed artifacts/ (ABI and bytecode) match the build;
#   4. forge test (unit, fuzz, invariant, vectors, gas budgets);
#   5. forge snapshot --check against the committed .gas-snapshot (deterministic tests only);
#   6. deploys the committed artifacts to a throwaway anvil and settles and claims there.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$here"

# Fuzz and invariant tests are left out of the gas snapshot (their gas depends on the inputs), and so
# are the vector tests (their gas is forge's JSON parsing, not the contract's).
SNAPSHOT_FILTER=(--no-match-test 'testFuzz_|invariant_|test_Vectors_')

step() { printf '\n== contracts: %s\n' "$*"; }

lock_sum() { sha256sum package-lock.json | cut -d' ' -f1; }

step "npm packages"
before="$(lock_sum)"
# npm ci would refuse: the lockfile names optional per-platform packages that only some machines get.
if [ ! -e node_modules/.bin/forge ] || [ ! -e node_modules/.package-lock.json ] \
  || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm install --no-audit --no-fund
else
  echo "node_modules is up to date"
fi
if [ "$(lock_sum)" != "$before" ]; then
  echo "contracts: npm install changed package-lock.json; commit a lockfile that installs as is" >&2
  git --no-pager diff --stat -- package-lock.json >&2 || true
  exit 1
fi

step "Merkle vectors up to date"
node scripts/merkle-vectors.mjs --check

step "forge build"
./forge.sh build

step "artifacts/ up to date"
node scripts/export-artifacts.mjs --check

step "forge test"
./forge.sh test

step "forge snapshot --check"
./forge.sh snapshot --check "${SNAPSHOT_FILTER[@]}"

step "anvil smoke test"
node scripts/anvil-smoke.mjs

step "ok"
