#!/usr/bin/env bash
# Copies the manifests that quarkus-kubernetes generated at package time (target/kubernetes) into
# deploy/k8s/base/generated/, the copy the kustomize base builds on. Run after changing a
# quarkus.kubernetes.* setting: ./mvnw -DskipTests package && deploy/k8s/refresh-generated.sh
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
src="$root/target/kubernetes/kubernetes.yml"
[ -f "$src" ] || { echo "refresh-generated: $src is missing; run ./mvnw -DskipTests package first" >&2; exit 1; }
cp "$src" "$root/deploy/k8s/base/generated/kubernetes.yml"
echo "refresh-generated: deploy/k8s/base/generated/kubernetes.yml updated"
