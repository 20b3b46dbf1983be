#!/usr/bin/env bash
# The Lua scenario API (docs/lua-api.md), through `polsim run`:
#   - every tests/lua/api/*.lua must succeed (each checks its own numbers and
#     raises error() on a mismatch);
#   - every tests/lua/api_errors/*.lua must fail with the exit status of its
#     "-- status: N" line and a message containing each "-- expect: TEXT" line
#     (plain text, not a pattern).
# Header lines a script may have: "-- args: ARGS" (extra options for polsim
# run) and "-- files: PATH ..." (files it must write under its output folder).
# Usage, from the repository root: bash tests/cli/lua_api.sh path/to/polsim
set -u
polsim=${1:?usage: bash tests/cli/lua_api.sh path/to/polsim}
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

# Values the scripts check against, computed here by other tools.
sha=$(sha256sum models/examples/keynes/keynes.model | cut -d' ' -f1)
version=$("$polsim" --version | awk '{ print $2 }')
common=(--set "keynes_sha256=$sha" --set "expected_version=$version")

header() { sed -n "s/^-- $1: //p" "$2"; }

failed=0
fail() {
    echo "FAIL $1: $2"
    sed 's/^/     | /' "$3"
    failed=$((failed + 1))
}

count=0
for script in tests/lua/api/*.lua; do
    name=$(basename "$script" .lua)
    read -r -a extra <<< "$(header args "$script" | head -n 1)"
    log="$out/$name.log"
    count=$((count + 1))
    "$polsim" run "$script" -o "$out/$name" "${common[@]}" "${extra[@]}" > "$log" 2>&1
    got=$?
    if [ "$got" -ne 0 ]; then
        fail "$script" "exit status $got (expected 0)" "$log"
        continue
    fi
    missing=""
    for f in $(header files "$script"); do
        [ -s "$out/$name/$f" ] || missing="$missing $f"
    done
    if [ -n "$missing" ]; then
        fail "$script" "did not write:$missing" "$log"
        continue
    fi
    echo "ok   $script"
done

for script in tests/lua/api_errors/*.lua; do
    name=$(basename "$script" .lua)
    want=$(header status "$script")
    log="$out/err_$name.log"
    count=$((count + 1))
    if [ -z "$want" ]; then
        echo "FAIL $script: no '-- status: N' line"
        failed=$((failed + 1))
        continue
    fi
    "$polsim" run "$script" -o "$out/err_$name" "${common[@]}" > "$log" 2>&1
    got=$?
    if [ "$got" != "$want" ]; then
        fail "$script" "exit status $got (expected $want)" "$log"
        continue
    fi
    bad=""
    while IFS= read -r text; do
        grep -qF -- "$text" "$log" || bad="$bad
     missing: $text"
    done < <(header expect "$script")
    if [ -n "$bad" ]; then
        fail "$script" "the message lacks an expected part:$bad" "$log"
        continue
    fi
    echo "ok   $script (exit $got as expected)"
done

if [ "$count" -lt 2 ]; then
    echo "FAIL: no Lua API scripts found (run from the repository root)"
    exit 1
fi
if [ "$failed" -ne 0 ]; then
    echo "$failed of $count Lua API scripts failed"
    exit 1
fi
echo "all $count Lua API scripts passed"
