#!/usr/bin/env bash
# Install the Debian packages polsim needs to build (the main job), if any are
# missing, and the extra packages named (the Makefile's deps-test adds the test
# suite's: Criterion, pandas).  Says what it installs; does nothing when
# everything is present.
# Usage: tools/deps.sh [extra-package ...]
set -euo pipefail

packages=(build-essential cmake pkg-config
          libgsl-dev libcjson-dev liblua5.4-dev libsuitesparse-dev
          "$@")

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done
[ ${#missing[@]} -eq 0 ] && exit 0

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
