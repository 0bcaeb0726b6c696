# shellcheck shell=bash
# What the web app's browser tests need (docs/web.md): Debian's Chromium, and the pinned npm
# packages (playwright-core, axe-core) in src/test/web. CI runs on a clean machine, so
# ./murmur test installs both when they are missing.
#
#   MURMUR_CHROMIUM   the Chromium binary the tests drive (default /usr/bin/chromium)

MURMUR_WEB_TESTS="$MURMUR_ROOT/src/test/web"

# murmur_web_chromium_ensure: install chromium (and chromium-driver) with apt-get when missing.
murmur_web_chromium_ensure() {
  local chromium=${MURMUR_CHROMIUM:-/usr/bin/chromium} sudo=()
  if [ -x "$chromium" ]; then
    return 0
  fi
  if ! command -v apt-get >/dev/null 2>&1; then
    murmur_err "Chromium not found at $chromium and apt-get is not available; install Chromium and set MURMUR_CHROMIUM"
    return 1
  fi
  if [ "$(id -u)" != 0 ]; then
    if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
      sudo=(sudo -n)
    else
      murmur_err "Chromium not found; install it: sudo apt-get install -y chromium chromium-driver"
      return 1
    fi
  fi
  murmur_say "installing Chromium for the web tests: apt-get install -y chromium chromium-driver fonts-noto-color-emoji ..."
  if ! "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -qq \
    || ! "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver fonts-noto-color-emoji >/dev/null; then
    murmur_err "apt-get could not install chromium"
    return 1
  fi
  [ -x "$chromium" ] || { murmur_err "chromium installed, but $chromium is missing"; return 1; }
}

# murmur_web_npm_ensure: `npm ci` in src/test/web when node_modules is missing or older than the lockfile.
murmur_web_npm_ensure() {
  local marker="$MURMUR_WEB_TESTS/node_modules/.package-lock.json"
  if [ -f "$marker" ] && [ ! "$MURMUR_WEB_TESTS/package-lock.json" -nt "$marker" ]; then
    return 0
  fi
  if ! command -v npm >/dev/null 2>&1; then
    murmur_err "npm not found; install Node.js 20+ (which brings npm)"
    return 1
  fi
  murmur_say "installing the web tests' npm packages: npm ci in src/test/web ..."
  (cd "$MURMUR_WEB_TESTS" && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error) \
    || { murmur_err "npm ci in src/test/web failed"; return 1; }
}

murmur_web_test_tools() {
  murmur_web_chromium_ensure && murmur_web_npm_ensure
}
