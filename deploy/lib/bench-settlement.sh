# shellcheck shell=bash
# ./murmur bench settlement: the Merkle tree and proofs for 1,000,000 creators, and settle/claim gas on
# a throwaway anvil (dev.murmur.bench.settlement.SettlementBenchmark, in the test sources).
# Started like every bench main by murmur_bench_main (deploy/lib/bench.sh), after anvil is found.

murmur_bench_settlement() {
  local anvil
  murmur_find_jdk || exit 1
  murmur_npm_ensure || exit 1
  anvil=$(murmur_anvil_find) || exit 1
  export MURMUR_ANVIL_BIN="$anvil"
  murmur_bench_main dev.murmur.bench.settlement.SettlementBenchmark "$@"
}
