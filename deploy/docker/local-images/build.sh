#!/usr/bin/env bash
# Builds, on a machine with dockerd but no image registry, local images under the official names
# that Murmur's Testcontainers path and deploy/compose.yaml default to:
#   murmur-local/debian-jre:25          Debian bookworm (debootstrap, minbase) + the JDK in JAVA_HOME
#   postgres:15                         Debian's PostgreSQL 15           (postgres/)
#   apache/kafka:4.1.1                  the broker jars of ./murmur      (kafka/)
#   ghcr.io/foundry-rs/foundry:stable   anvil from the npm package       (foundry/)
#   alpine:3.17                         the base under the name of Testcontainers' helper image
#                                       (it runs `sh -c` in it in some set-ups; ./murmur test
#                                       --containers turns those uses off, this is a safety net)
# Needs root, docker.io and debootstrap (apt-get install -y docker.io debootstrap), a running
# dockerd, and the Debian mirror. Run from the repository root after `./murmur test` (or
# `./murmur up`) fetched the Kafka jars and contracts/node_modules. docs/operations.md.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../../.." && pwd)
docker=${DOCKER:-docker}
base=murmur-local/debian-jre:25
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

if ! "$docker" image inspect "$base" >/dev/null 2>&1; then
  jdk=${JAVA_HOME:?set JAVA_HOME to a JDK 21+ to copy into the base image}
  debootstrap --variant=minbase bookworm "$work/rootfs" "${DEBIAN_MIRROR:-http://deb.debian.org/debian}"
  mkdir -p "$work/rootfs/opt/java" && cp -a "$jdk" "$work/rootfs/opt/java/openjdk"
  rm -rf "$work/rootfs/var/cache/apt/archives/"*.deb
  tar -C "$work/rootfs" -c . | "$docker" import \
    --change 'ENV JAVA_HOME=/opt/java/openjdk' \
    --change 'ENV PATH=/opt/java/openjdk/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
    --change 'CMD ["bash"]' - "$base"
  rm -rf "$work/rootfs"
fi

# The image build runs apt-get (Debian mirror): host network, as the containers get no other route.
"$docker" build --network host -t postgres:15 "$here/postgres"

mkdir -p "$work/kafka" && cp -a "$here/kafka/." "$work/kafka/"
cp -a "$root/.murmur/kafka/libs" "$work/kafka/libs"
cp "$root/deploy/kafka/log4j2.properties" "$work/kafka/log4j2.properties"
"$docker" build -t apache/kafka:4.1.1 "$work/kafka"

mkdir -p "$work/foundry" && cp -a "$here/foundry/." "$work/foundry/"
cp "$root/contracts/node_modules/@foundry-rs/anvil-linux-amd64/bin/anvil" "$work/foundry/anvil"
"$docker" build -t ghcr.io/foundry-rs/foundry:stable "$work/foundry"

"$docker" tag "$base" alpine:3.17

"$docker" images --format '{{.Repository}}:{{.Tag}}  {{.Size}}' | grep -E 'postgres|kafka|foundry|murmur'
