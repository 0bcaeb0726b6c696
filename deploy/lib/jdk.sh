# shellcheck shell=bash
# Find a JDK 21+ for ./murmur (the app, its Maven build and the local Kafka broker all need one).
#
#   murmur_find_jdk   sets and exports JAVA_HOME and PATH, and sets MURMUR_JAVA_MAJOR; on
#                     failure prints what to install and returns 1.
#
# Order: $JAVA_HOME when it is a JDK 21+; otherwise the highest JDK 21+ found in the usual JVM
# folders. MURMUR_JVM_DIRS (colon-separated globs or folders) replaces that folder list, e.g. for
# tests; set it empty to scan nothing.

MURMUR_JDK_MIN_MAJOR=21
MURMUR_JVM_DIRS_DEFAULT="/usr/lib/jvm/*:/usr/java/*:/opt/java/*:/Library/Java/JavaVirtualMachines/*/Contents/Home"

# murmur_jdk_major HOME: print the Java feature version (8, 17, 21, 25, ...) of the JDK at HOME.
murmur_jdk_major() {
  local home=$1 version=""
  if [ -f "$home/release" ]; then
    version=$(sed -n 's/^JAVA_VERSION="\([^"]*\)".*/\1/p' "$home/release" | head -n 1)
  fi
  if [ -z "$version" ] && [ -x "$home/bin/java" ]; then
    version=$("$home/bin/java" -version 2>&1 | sed -n 's/.* version "\([^"]*\)".*/\1/p' | head -n 1)
  fi
  [ -n "$version" ] || return 1
  case $version in 1.*) version=${version#1.} ;; esac
  version=${version%%[!0-9]*}
  [ -n "$version" ] || return 1
  printf '%s\n' "$version"
}

# murmur_is_jdk HOME: true when HOME has both java and javac (a JDK, not just a runtime).
murmur_is_jdk() {
  [ -n "$1" ] && [ -x "$1/bin/java" ] && [ -x "$1/bin/javac" ]
}

# murmur_jdk_candidates: print candidate JDK homes, one per line.
murmur_jdk_candidates() {
  local dirs entry path javac
  dirs=${MURMUR_JVM_DIRS-$MURMUR_JVM_DIRS_DEFAULT}
  local IFS=':'
  for entry in $dirs; do
    [ -n "$entry" ] || continue
    # $entry is a glob on purpose: word splitting is off (IFS=:) but pathname expansion is on.
    for path in $entry; do
      [ -d "$path" ] || continue
      if murmur_is_jdk "$path"; then
        printf '%s\n' "$path"
      else
        # A folder that holds JDKs (e.g. MURMUR_JVM_DIRS=/usr/lib/jvm): look one level down.
        local sub
        for sub in "$path"/* "$path"/*/Contents/Home; do
          if murmur_is_jdk "$sub"; then printf '%s\n' "$sub"; fi
        done
      fi
    done
  done
  # With the default folder list, also consider the javac on PATH.
  if [ -z "${MURMUR_JVM_DIRS+set}" ] && javac=$(command -v javac 2>/dev/null); then
    javac=$(readlink -f "$javac" 2>/dev/null || printf '%s' "$javac")
    path=${javac%/bin/javac}
    if murmur_is_jdk "$path"; then printf '%s\n' "$path"; fi
  fi
}

murmur_jdk_install_hint() {
  cat >&2 <<EOF
murmur: error: no JDK $MURMUR_JDK_MIN_MAJOR or newer found.
murmur:   Install one, for example Temurin 21:
murmur:     Debian/Ubuntu (Adoptium apt repo):  apt install temurin-21-jdk
murmur:     Debian/Ubuntu (distribution):       apt install openjdk-21-jdk   (where available)
murmur:     macOS (Homebrew):                   brew install --cask temurin@21
murmur:     any system:                         https://adoptium.net
murmur:   then run again, or point JAVA_HOME at it: JAVA_HOME=/path/to/jdk ./murmur ...
EOF
}

# murmur_find_jdk: pick the JDK; export JAVA_HOME and PATH.
murmur_find_jdk() {
  local major best="" best_major=0 candidate
  if [ -n "${JAVA_HOME:-}" ]; then
    if murmur_is_jdk "$JAVA_HOME" && major=$(murmur_jdk_major "$JAVA_HOME") &&
      [ "$major" -ge "$MURMUR_JDK_MIN_MAJOR" ]; then
      best=$JAVA_HOME
      best_major=$major
    elif murmur_is_jdk "$JAVA_HOME"; then
      murmur_say "JAVA_HOME=$JAVA_HOME is Java ${major:-?}; need $MURMUR_JDK_MIN_MAJOR+, looking for another JDK"
    else
      murmur_say "JAVA_HOME=$JAVA_HOME is not a JDK (no bin/java and bin/javac); looking for another JDK"
    fi
  fi
  if [ -z "$best" ]; then
    while IFS= read -r candidate; do
      major=$(murmur_jdk_major "$candidate") || continue
      if [ "$major" -ge "$MURMUR_JDK_MIN_MAJOR" ] && [ "$major" -gt "$best_major" ]; then
        best=$candidate
        best_major=$major
      fi
    done < <(murmur_jdk_candidates)
  fi
  if [ -z "$best" ]; then
    murmur_jdk_install_hint
    return 1
  fi
  JAVA_HOME=$best
  MURMUR_JAVA_MAJOR=$best_major
  PATH="$JAVA_HOME/bin:$PATH"
  export JAVA_HOME PATH MURMUR_JAVA_MAJOR
  murmur_say "using JDK $best_major at $JAVA_HOME"
}
