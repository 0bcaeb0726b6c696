#!/usr/bin/env bash
# The operator's path on a `./murmur up --demo` stack, end to end: make an operator, link the demo
# creators' wallets (anvil's dev accounts 1-4), fund the period, close it, preview, fund the
# contract, create and submit a batch, and watch it go FINAL. Needs curl and python3 (for JSON).
#   deploy/demo/settlement-walkthrough.sh [BASE_URL]
set -euo pipefail
B=${1:-http://127.0.0.1:8080}
json() { python3 -c "import sys,json; d=json.load(sys.stdin); print(eval('d' + sys.argv[1]))" "$1"; }
login() { curl -sf -X POST -H 'content-type: application/json' -d "{\"handle\":\"$1\",\"password\":\"$2\"}" "$B/api/auth/login" | json "['token']"; }
step() { printf '\n== %s\n' "$*"; }

step "an operator account, granted by the bootstrap admin"
admin=$(login admin "${MURMUR_ADMIN_PASSWORD:-murmur-admin-dev}")
curl -s -o /dev/null -X POST -H 'content-type: application/json' \
  -d '{"handle":"ops","displayName":"Operator","password":"ops-password-1"}' "$B/api/accounts" || true
curl -sf -o /dev/null -X PUT -H "Authorization: Bearer $admin" "$B/api/accounts/ops/roles/operator"
ops="Authorization: Bearer $(login ops ops-password-1)"

step "wallets for the demo creators (anvil dev accounts 1-4)"
for pair in ada:0x70997970C51812dc3A010C7d01b50e0d17dc79C8 grace:0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC \
            linus:0x90F79bf6EB2c4f970e7C9efBdb7FE95eE18f55C0 margaret:0x15d34AAf54267DB7D7c367839AAf71A00a2C6A65; do
  id=$(curl -sf "$B/api/accounts/${pair%%:*}" | json "['id']")
  curl -s -o /dev/null -w "  ${pair%%:*} -> ${pair##*:}: %{http_code}\n" -X PUT -H "$ops" -H 'content-type: application/json' \
    -d "{\"address\":\"${pair##*:}\"}" "$B/api/operator/accounts/$id/wallet"
done

step "budget 1,000 tokens (6 decimals) for the open period, then close it"
period=$(curl -sf -H "$ops" "$B/api/operator/periods/current" | json "['period']['id']")
curl -sf -o /dev/null -X PUT -H "$ops" -H 'content-type: application/json' -d '{"budget":1000000000}' "$B/api/operator/periods/$period/budget"
curl -sf -X POST -H "$ops" "$B/api/operator/periods/$period/close" | json "['topEarners']"

step "preview the batch"
curl -sf -H "$ops" "$B/api/operator/settlement/preview" | json "['entitlements']"

step "fund the contract from the operator key (dev chain only), create and submit"
curl -sf -X POST -H "$ops" -H 'content-type: application/json' -d '{"amount":1000000000}' "$B/api/operator/settlement/fund" | json "['balance']"
batch=$(curl -sf -X POST -H "$ops" "$B/api/operator/settlement/batches" | json "['id']")
curl -sf -X POST -H "$ops" "$B/api/operator/settlement/batches/$batch/submit" | json "['status']"

step "watch it become FINAL"
for _ in $(seq 1 30); do
  status=$(curl -sf -H "$ops" "$B/api/operator/settlement/batches/$batch" | json "['batch']['status']")
  echo "  batch $batch: $status"
  [ "$status" = FINAL ] && break
  sleep 1
done
chain_batch=$(curl -sf -H "$ops" "$B/api/operator/settlement/batches/$batch" | json "['batch']['chainBatchId']")
echo "  public manifest: $B/api/batches/$chain_batch/manifest"

step "ada's earnings"
curl -sf -H "Authorization: Bearer $(login ada demo-password-1)" "$B/api/earnings/me" | json "['settlement']"
