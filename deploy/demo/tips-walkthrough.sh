#!/usr/bin/env bash
# A reader's path on a `./murmur up --demo` stack: reader1 proves and links their wallet (anvil dev
# account 8, which the demo funded with 1,000 test tokens), deposits 25 tokens on the chain, waits
# for the listener to credit them, tips ada's first post, and ada's earnings show the tip.
# Needs curl and python3 (for JSON).
#   deploy/demo/tips-walkthrough.sh [BASE_URL]
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd -P)
B=${1:-http://127.0.0.1:8080}
rpc=$(sed -n 's/^MURMUR_CHAIN_RPC_URL=//p' "$root/.murmur/run/env")
json() { python3 -c "import sys,json; d=json.load(sys.stdin); print(eval('d' + sys.argv[1]))" "$1"; }
login() { curl -sf -X POST -H 'content-type: application/json' -d "{\"handle\":\"$1\",\"password\":\"$2\"}" "$B/api/auth/login" | json "['token']"; }
step() { printf '\n== %s\n' "$*"; }
# anvil's public dev account 8: the key is printed by anvil itself, worthless outside a dev chain.
export MURMUR_WALLET_KEY=0xdbda1821b80551c9d65939329250298aa3472ba22feea921c0cf5d620ea67b97
reader=$(login reader1 demo-password-1)

step "reader1 proves the wallet with a signature and links it"
"$root/murmur" wallet link --api "$B" --token "$reader" || echo "  (already linked)"

step "reader1 deposits 25 tokens into the payout contract"
"$root/murmur" wallet deposit --api "$B" --token "$reader" --rpc "$rpc" --amount 25

step "the chain listener credits the tipping balance"
for _ in $(seq 1 30); do
  balance=$(curl -sf -H "Authorization: Bearer $reader" "$B/api/balance" | json "['balance']")
  echo "  balance: $balance"
  [ "$balance" != 0 ] && break
  sleep 1
done

step "the fee, before confirming"
curl -sf "$B/api/tips/quote?amount=5" | json ""

step "reader1 tips ada's first post 5 tokens"
post=$(curl -sf "$B/api/timelines/profile/ada?limit=100" | json "['items'][-1]['id']")
curl -sf -X POST -H "Authorization: Bearer $reader" -H 'content-type: application/json' \
  -H "Idempotency-Key: demo-tip-$(date +%s)" \
  -d "{\"post\": $post, \"amount\": \"5\", \"message\": \"Loved this one\"}" "$B/api/tips" | json ""

step "ada's earnings: the tip, who sent it, the message, and the payable balance"
ada=$(login ada demo-password-1)
curl -sf -H "Authorization: Bearer $ada" "$B/api/earnings/me" | json "['tips']"
curl -sf -H "Authorization: Bearer $ada" "$B/api/balance" | json "['payable']"
