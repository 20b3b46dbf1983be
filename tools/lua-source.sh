#!/usr/bin/env bash
# Fetch Debian's source of Lua 5.4 (the package the system's liblua5.4-dev is
# built from, with Debian's patches applied) into DIR, for the sanitizer build:
# CMake compiles it with Lua's internal assertions (LUAI_ASSERT) and API checks
# (LUA_USE_APICHECK) and AddressSanitizer + UBSan, so that the Lua tests find
# API misuse in polsim's bindings that a release Lua lets pass (docs/internals.md).
#
# The three files of the source package are downloaded from Debian's archive and
# checked against SHA-256 sums pinned here (copied from the archive's signed
# Sources index of bookworm); a file that does not match is refused.  Nothing is
# installed and the apt configuration is not touched.  Does nothing when DIR
# already holds this version.
# Needs: curl, dpkg-source (dpkg-dev), xz (tools/deps.sh installs them).
# Usage: tools/lua-source.sh DIR        (the Lua sources end up in DIR/src)
set -euo pipefail
[ $# -eq 1 ] || { echo "usage: tools/lua-source.sh DIR" >&2; exit 2; }
dir=$1

version=5.4.4-3+deb12u1
dsc=lua5.4_${version}.dsc
files=(
  "d47c50154294a68c8a209c5d61bc09e5b22891c01b7c47501ac3f9725eb4a813  $dsc"
  "164c7849653b80ae67bec4b7473b884bf5cc8d2dca05653475ec2ed27b9ebf61  lua5.4_5.4.4.orig.tar.gz"
  "2d8e0e380722c648cfeffb8d58287865619b4d035544d93d7ef3a2eaf627abe6  lua5.4_${version}.debian.tar.xz"
)
# The archive keeps the current version; the snapshot archive keeps every one.
mirrors=(
  http://deb.debian.org/debian/pool/main/l/lua5.4
  http://snapshot.debian.org/archive/debian/20250520T000000Z/pool/main/l/lua5.4
)

stamp=$dir/.polsim-lua-source
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$version" ] && [ -f "$dir/src/lapi.c" ]; then
  exit 0
fi

echo "polsim: fetching Debian's lua5.4 $version source for the sanitizer build"
mkdir -p "$(dirname "$dir")"
work=$(mktemp -d "$(cd "$(dirname "$dir")" && pwd)/.lua-source.XXXXXX")
trap 'rm -rf "$work"' EXIT
for entry in "${files[@]}"; do
  name=${entry##* }
  ok=0
  for m in "${mirrors[@]}"; do
    if curl -fsSL --retry 2 -m 120 -o "$work/$name" "$m/$name"; then ok=1; break; fi
  done
  [ $ok -eq 1 ] || { echo "polsim: cannot download $name from Debian's archive" >&2; exit 1; }
done
if ! (cd "$work" && printf '%s\n' "${files[@]}" | sha256sum --quiet -c -); then
  echo "polsim: the downloaded lua5.4 source does not match its pinned SHA-256 sums; refused" >&2
  exit 1
fi
# dpkg-source checks the tarballs against the .dsc again and applies Debian's
# patches (among them the fixes for CVE-2022-28805 and CVE-2022-33099).  The
# .dsc's signature cannot be checked without Debian's keyring; the pinned sums
# stand in for it.
(cd "$work" && dpkg-source --no-copy -x "$dsc" lua >/dev/null 2>"$work/dpkg-source.log") || {
  cat "$work/dpkg-source.log" >&2
  echo "polsim: dpkg-source could not unpack $dsc" >&2
  exit 1
}
rm -rf "$dir"
mv "$work/lua" "$dir"
echo "$version" >"$stamp"
