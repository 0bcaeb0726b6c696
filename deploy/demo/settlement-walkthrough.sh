#!/usr/bin/env bash
# The operator's path on a `./murmur up --demo` stack, end to end: make an operator, link the demo
# creators' wallets (anvil's dev accounts 1-4), fund the period, close it, preview, fund the
# contract, create and submit a batch, and watch it go FINAL. Needs curl and python3 (for JSON).
#   deploy/demo/settlement-walkthrough.sh [BASE_URL]
set -euo pipefail
B=${1:-http://127.0.0.1:8080}
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd -P)
json() { python3 -c "import sys,json; d=json.load(sys.stdin); print(eval('d' + sys.argv[1]))" "$1"; }
login() { curl -sS --fail-with-body -X POST -H 'content-type: application/json' -d "{\"handle\":\"$1\",\"password\":\"$2\"}" "$B/api/auth/login" | json "['token']"; }
step() { printf '\n== %s\n' "$*"; }

step "an operator account, granted by the bootstrap admin"
admin=$(login admin "${MURMUR_ADMIN_PASSWORD:-murmur-admin-dev}")
curl -s -o /dev/null -X POST -H 'content-type: application/json' \
  -d '{"handle":"ops","displayName":"Operator","password":"ops-password-1"}' "$B/api/accounts" || true
curl -sS --fail-with-body -o /dev/null -X PUT -H "Authorization: Bearer $admin" "$B/api/accounts/ops/roles/operator"
ops="Authorization: Bearer $(login ops ops-password-1)"

step "each demo creator proves a wallet with its own key and links it (anvil dev accounts 1-4)"
# Nobody at Murmur can link a wallet for a creator (decision 0615): each creator signs the challenge.
# These are anvil's public dev keys, worthless outside a dev chain. A failure stops the walkthrough.
for pair in ada:0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d \
            grace:0x5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a \
            linus:0x7c852118294e51e653712a81e05800f419141751be58f605c371e15141b007a6 \
            margaret:0x47e179ec197488593b187f80a00eb0da91f1b9d0b13f8733639f19c30a34926a; do
  handle=${pair%%:*}
  token=$(login "$handle" demo-password-1)
  # Assigned first: a failure inside `[ "$(...)" ]` would not stop the script under set -e.
  linked=$(curl -sS --fail-with-body -H "Authorization: Bearer $token" "$B/api/wallets/me" | json "['current'] is not None")
  if [ "$linked" = True ]; then
    echo "  $handle: already linked"
    continue
  fi
  MURMUR_WALLET_KEY=${pair#*:} "$root/murmur" wallet link --api "$B" --token "$token"
done

step "fund the reward pool from the operator key (dev chain only), budget 1,000 tokens (6 decimals), close the period"
# A budget must fit the funded reward pool (decision 0621), so the pool is funded first.
curl -sS --fail-with-body -X POST -H "$ops" -H 'content-type: application/json' -d '{"amount":1000000000}' "$B/api/operator/settlement/fund" | json "['rewardFunded']"
period=$(curl -sS --fail-with-body -H "$ops" "$B/api/operator/periods/current" | json "['period']['id']")
curl -sS --fail-with-body -o /dev/null -X PUT -H "$ops" -H 'content-type: application/json' -d '{"budget":1000000000}' "$B/api/operator/periods/$period/budget"
curl -sS --fail-with-body -X POST -H "$ops" "$B/api/operator/periods/$period/close" | json "['topEarners']"

step "preview the batch"
curl -sS --fail-with-body -H "$ops" "$B/api/operator/settlement/preview" | json "['entitlements']"

step "create the batch, and ask the settler to sign and submit it"
batch=$(curl -sS --fail-with-body -X POST -H "$ops" "$B/api/operator/settlement/batches" | json "['id']")
curl -sS --fail-with-body -X POST -H "$ops" "$B/api/operator/settlement/batches/$batch/submit" | json "['status']"

step "watch it become FINAL"
for _ in $(seq 1 30); do
  status=$(curl -sS --fail-with-body -H "$ops" "$B/api/operator/settlement/batches/$batch" | json "['batch']['status']")
  echo "  batch $batch: $status"
  [ "$status" = FINAL ] && break
  sleep 1
done
chain_batch=$(curl -sS --fail-with-body -H "$ops" "$B/api/operator/settlement/batches/$batch" | json "['batch']['chainBatchId']")
echo "  public manifest: $B/api/batches/$chain_batch/manifest"

step "ada's earnings"
curl -sS --fail-with-body -H "Authorization: Bearer $(login ada demo-password-1)" "$B/api/earnings/me" | json "['settlement']"
