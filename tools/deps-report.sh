#!/usr/bin/env bash
# Install what `polsim report` needs, if anything is missing, and with --browser
# also what its browser test needs:
#   - Debian packages: nodejs and npm (to install the npm packages below); with
#     --browser also chromium (the browser tests/report/render.mjs drives
#     headless) and fonts-noto-cjk (a CJK font, so the Chinese report renders
#     without empty boxes in the screenshot test);
#   - npm packages pinned in package.json / package-lock.json: echarts (inlined
#     into every report) and playwright-core (drives the system Chromium; it
#     never downloads a browser of its own).
# Says what it installs; does nothing when everything is present and
# node_modules matches package-lock.json.  See docs/report.md.
# Usage: tools/deps-report.sh [--browser]
set -euo pipefail
cd "$(dirname "$0")/.."
browser=0
case "${1:-}" in
  --browser) browser=1 ;;
  "") ;;
  *) echo "usage: tools/deps-report.sh [--browser]" >&2; exit 2 ;;
esac

# node and npm may come from Debian or from another Node.js build (whose nodejs
# package bundles npm): ask for the commands, not for Debian's package names.
missing=()
command -v node >/dev/null || missing+=(nodejs)
command -v npm >/dev/null || missing+=(npm)
if [ $browser -eq 1 ]; then
  command -v chromium >/dev/null || missing+=(chromium)
  # The Chinese report names Noto Sans CJK SC first in its font stack, and its
  # browser test (tests/cli/report_zh.sh) checks that face draws the Han text.
  fc-list :lang=zh family 2>/dev/null | grep -q "Noto Sans CJK SC" || missing+=(fonts-noto-cjk)
fi

if [ ${#missing[@]} -gt 0 ]; then
  echo "polsim: installing missing Debian packages: ${missing[*]}"
  sudo=""
  if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null || { echo "polsim: need root (or sudo) to install: ${missing[*]}" >&2; exit 1; }
    sudo=sudo
  fi
  export DEBIAN_FRONTEND=noninteractive
  # An old or empty package list finds nothing; refresh it once.
  $sudo apt-get update -qq
  $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

# node_modules is stale when it was installed from another package-lock.json:
# remember the lock's hash in node_modules after each install.
stamp=node_modules/.polsim-lock-sha256
want=$(sha256sum package-lock.json | cut -d' ' -f1)
if [ ! -f node_modules/echarts/dist/echarts.min.js ] || [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
  echo "polsim: installing npm packages from package-lock.json (npm ci): echarts, playwright-core"
  npm ci --no-audit --no-fund --loglevel=error
  echo "$want" > "$stamp"
fi
