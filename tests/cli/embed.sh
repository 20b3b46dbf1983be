#!/usr/bin/env bash
# The public ABI as an embedding program sees it (docs/embedding.md): install
# the build into a temporary prefix, check that only the public headers are
# installed and that each compiles on its own, build docs/examples/embed.c
# through the installed polsim.pc, run it on the installed Keynes model and
# check its numbers against the closed form of the Keynesian cross.
source "$(dirname "$0")/lib.bash"

build=$(cd "$(dirname "$POLSIM")" && pwd)
prefix=$TMP/prefix
check install 0 "" -- cmake --install "$build" --prefix "$prefix"

# Exactly the public headers: a module header installed would be an internal
# made public by accident.
check public-headers 0 "" -- test "$(cd "$prefix/include/polsim" && ls | tr '\n' ' ')" = \
  "error.h model.h period.h project.h result.h scenario.h version.h "
for h in "$prefix"/include/polsim/*.h; do
  check "self-contained-$(basename "$h")" 0 "" -- \
    cc -std=c99 -Wall -Wextra -Werror -pedantic -fsyntax-only -I"$prefix/include" -x c - \
       <<<"#include <polsim/$(basename "$h")>"
done

pc=$(find "$prefix" -name polsim.pc)
check pc-installed 0 "" -- test -n "$pc"
export PKG_CONFIG_PATH=$(dirname "$pc")
libdir=$(pkg-config --variable=libdir polsim)
check soname 0 "SONAME.*libpolsim\.so\.0" -- readelf -d "$libdir/libpolsim.so"
# A sanitizer build's library needs the sanitizer runtimes loaded first: the
# example is then built with the same flags.
san=()
readelf -d "$libdir/libpolsim.so" | grep -q 'libasan' && san=(-fsanitize=address,undefined)
check build-example 0 "" -- cc -std=c11 -Wall -Wextra -Werror "${san[@]}" docs/examples/embed.c \
  $(pkg-config --cflags --libs polsim) -Wl,-rpath,"$libdir" -o "$TMP/embed"
check links-shared-library 0 "libpolsim\.so\.0 => $libdir/" -- ldd "$TMP/embed"

# Keynes (models/examples/keynes): c = c0 + mpc (y - t) + c_a, y = c + i + g,
# so y = (c0 + c_a - mpc t + i + g) / (1 - mpc).  The history ends in 2024
# (i = 200, g = 180, t = 150, held in 2025); the add-factor is 0 in a
# projection; c0 = 40, mpc = 0.6.  Baseline 2025: (40 - 90 + 200 + 180) / 0.4
# = 825; with g = 200: 350 / 0.4 = 875; the multiplier 1 / (1 - 0.6) = 2.5
# times 20 = 50.
model=$prefix/share/polsim/models/examples/keynes
check run-example 0 "^y 2025: baseline 825\.0000, with g = 200: 875\.0000 \(difference 50\.0000\)$" -- \
  "$TMP/embed" "$model" g 200 y "$TMP/policy.csv"
# csv_value FILE VAR PERIOD: the cell of column VAR in the row of PERIOD
# (found by the header, whatever other columns the CSV has).
csv_value() {
  awk -F, -v var="$2" -v per="$3" 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == var) c = i; next }
    $1 == per { print $c }' "$1"
}
check csv-written 0 "" -- test -s "$TMP/policy.csv"
check csv-y-2025 0 "" -- awk -v v="$(csv_value "$TMP/policy.csv" y 2025)" 'BEGIN { exit !(v == 875) }'
check csv-g-2025 0 "" -- awk -v v="$(csv_value "$TMP/policy.csv" g 2025)" 'BEGIN { exit !(v == 200) }'
check json-written 0 "" -- "$TMP/embed" "$model" g 200 y "$TMP/policy.json"
cp "$TMP/policy.json" "$TMP/again.json"
check json-read-by-cli 0 "" -- "$POLSIM" compare "$TMP/policy.json" "$TMP/again.json"
# Errors reach the embedder as messages, with a non-zero status.
check unknown-lever 1 "'gg' is not an exogenous series of model keynes \(did you mean 'g'\?\)" -- \
  "$TMP/embed" "$model" gg 200 y
check missing-model 1 "embed: .*nonexistent" -- "$TMP/embed" "$TMP/nonexistent" g 200 y
check bad-extension 1 "embed: .*\.txt" -- "$TMP/embed" "$model" g 200 y "$TMP/out.txt"
check nothing-half-written 0 "" -- test ! -e "$TMP/out.txt"
finish
