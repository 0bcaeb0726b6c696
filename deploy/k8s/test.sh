#!/usr/bin/env bash
# Offline checks of the Kubernetes manifests (run by ./murmur test after the Maven tests; no
# cluster, no Docker, no download but the pinned npm packages):
#   1. the copy in base/generated/ holds the objects that quarkus-kubernetes generated
#      (target/kubernetes), when the build has run (order of keys and named items aside);
#   2. the validator rejects a known-bad file (so a green run means something);
#   3. `kubectl kustomize` renders every overlay, and every object of it validates against the
#      committed JSON schemas (schemas/: Kubernetes 1.36, CloudNativePG, Strimzi).
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

step() { printf '\n== k8s: %s\n' "$*"; }

step "tools"
if ! command -v kubectl >/dev/null 2>&1; then
  echo "kubectl is missing; installing it (apt-get install -y kubectl)"
  apt-get install -y -q kubectl >/dev/null
fi
kubectl version --client 2>/dev/null | sed -n 1p || true  # sed reads all: no SIGPIPE under pipefail
if [ ! -e "$here/tools/node_modules/.package-lock.json" ] \
  || [ "$here/tools/package-lock.json" -nt "$here/tools/node_modules/.package-lock.json" ]; then
  (cd "$here/tools" && npm ci --no-audit --no-fund)
fi

step "generated manifests are current"
generated="$root/target/kubernetes/kubernetes.yml"
if [ -f "$generated" ]; then
  if ! node "$here/tools/same-manifests.mjs" "$here/base/generated/kubernetes.yml" "$generated"; then
    echo "deploy/k8s/base/generated/kubernetes.yml differs from the build's $generated;" >&2
    echo "run deploy/k8s/refresh-generated.sh and commit the result" >&2
    exit 1
  fi
  echo "base/generated/kubernetes.yml matches target/kubernetes/kubernetes.yml"
else
  echo "no target/kubernetes/kubernetes.yml (the build did not run); skipping the drift check"
fi

step "the validator rejects a bad file"
if node "$here/tools/validate.mjs" "$here/tools/testdata/invalid.yaml" >"$out/invalid.log" 2>&1; then
  cat "$out/invalid.log"
  echo "tools/testdata/invalid.yaml passed validation; the validator is broken" >&2
  exit 1
fi
grep -q "imagePullPolcy" "$out/invalid.log" && grep -q "partitons" "$out/invalid.log" \
  || { cat "$out/invalid.log"; echo "the validator did not report the expected errors" >&2; exit 1; }
echo "rejected, as it should be"

for overlay in "$here"/overlays/*/; do
  name=$(basename "$overlay")
  step "overlay $name: render and validate"
  kubectl kustomize "$overlay" >"$out/$name.yaml"
  node "$here/tools/validate.mjs" "$out/$name.yaml"
done
