#!/usr/bin/env bash
# The layers of docs/architecture.md, kept by the build: every #include "..." in
# engine/src and engine/include must name a header of the including file's own
# layer or of a layer below it.  The layer table is read from the doc itself, so
# the doc and the rule cannot drift apart.  The checker is also run on a copy of
# the tree with one deliberate upward include, which it must refuse: a checker
# that cannot fail proves nothing.
source "$(dirname "$0")/lib.bash"

# layer_table DOC: "module layer" lines from the table's rows "| N | `a`, `b` | ... |".
layer_table() {
  awk -F'|' '/^\| *[0-9]+ *\|/ {
      n = $2; gsub(/ /, "", n)
      m = $3; gsub(/[` ]/, "", m)
      k = split(m, mods, ",")
      for (i = 1; i <= k; i++) if (mods[i] != "") print mods[i], n
    }' "$1"
}

# header_table DOC: "header module" lines from the rows "| `polsim/H.h` | `M` |".
header_table() {
  awk -F'|' '/^\| *`polsim\/[a-z_]+\.h` *\|/ {
      h = $2; gsub(/[` ]/, "", h); sub(/^polsim\//, "", h); sub(/\.h$/, "", h)
      m = $3; gsub(/[` ]/, "", m)
      print h, m
    }' "$1"
}

# module_of PATH: engine/src/M/... -> M; engine/include/polsim/H.h(.in) -> the
# module the header table gives H, else H.
module_of() {
  case $1 in
    */engine/include/polsim/*) local b=${1##*/}; b=${b%.in}; b=${b%.h}; echo "${hmod[$b]:-$b}" ;;
    */engine/src/*) local r=${1#*/engine/src/}; echo "${r%%/*}" ;;
  esac
}

# check_tree ROOT: prints one line per upward (or unknown-module) include.
check_tree() {
  local root=$1
  declare -A layer
  declare -gA hmod=()
  while read -r mod n; do layer[$mod]=$n; done < <(layer_table "$root/docs/architecture.md")
  while read -r h mod; do hmod[$h]=$mod; done < <(header_table "$root/docs/architecture.md")
  local f from inc to lf lt
  while IFS= read -r f; do
    from=$(module_of "$f")
    lf=${layer[$from]:-}
    if [ -z "$lf" ]; then echo "$f: module '$from' is in no layer of docs/architecture.md"; continue; fi
    while IFS= read -r inc; do
      case $inc in
        polsim/*) to=${inc#polsim/}; to=${to%.h}; to=${hmod[$to]:-$to} ;;
        */*) to=${inc%%/*} ;;
        *) continue ;;                       # a header of the file's own folder
      esac
      lt=${layer[$to]:-}
      if [ -z "$lt" ]; then echo "$f: includes \"$inc\" of module '$to', which is in no layer"; continue; fi
      if [ "$lt" -gt "$lf" ]; then
        echo "$f: $from (layer $lf) includes \"$inc\" of $to (layer $lt), a layer above"
      fi
    done < <(sed -n 's/^[[:space:]]*#[[:space:]]*include[[:space:]]*"\([^"]*\)".*/\1/p' "$f")
  done < <(find "$root/engine/src" "$root/engine/include" -type f \( -name '*.c' -o -name '*.h' -o -name '*.h.in' \) | sort)
}

root=$(pwd)
check table-read 0 "" -- test "$(layer_table docs/architecture.md | wc -l)" -ge 10
violations=$(check_tree "$root")
check no-upward-include 0 "" -- test -z "$violations"
[ -n "$violations" ] && printf '%s\n' "$violations"

# Every module folder is in the table (a new module must be placed).
for d in engine/src/*/; do
  m=$(basename "$d")
  check "placed-$m" 0 "" -- grep -Eq "^\| *[0-9]+ *\|.*\`$m\`" docs/architecture.md
done

# The public headers (engine/include/polsim, installed for embedders) include
# only public headers: a module header there would not be installed.
private_in_public() {
  grep -HnE '^[[:space:]]*#[[:space:]]*include[[:space:]]*"' "$1"/engine/include/polsim/* | grep -v '"polsim/' || true
}
check public-headers-found 0 "" -- test -e engine/include/polsim/error.h
check public-includes-public 0 "" -- test -z "$(private_in_public "$root")"

# The checker refuses a deliberate upward include (model -> solve), through a
# module header and through a public one, and a public header that includes
# a module header.
mkdir -p "$TMP/tree/engine/src/model" "$TMP/tree/engine/include/polsim" "$TMP/tree/docs"
cp docs/architecture.md "$TMP/tree/docs/"
printf '#include "solve/solve.h"\n#include "model_internal.h"\n#include "period/period.h"\n' > "$TMP/tree/engine/src/model/bad.c"
printf '#include "polsim/scenario.h"\n#include "polsim/error.h"\n' > "$TMP/tree/engine/src/model/bad2.c"
printf '#include "polsim/error.h"\n#include "model/model.h"\n' > "$TMP/tree/engine/include/polsim/model.h"
bad=$(check_tree "$TMP/tree")
check upward-include-refused 0 "model \(layer 2\) includes \"solve/solve.h\" of solve \(layer 5\)" -- printf '%s\n' "$bad"
check upward-public-include-refused 0 "model \(layer 2\) includes \"polsim/scenario.h\" of scenario \(layer 10\)" -- printf '%s\n' "$bad"
check downward-include-accepted 0 "" -- test "$(printf '%s\n' "$bad" | wc -l)" -eq 2
check private-in-public-refused 0 'model.h:2:#include "model/model.h"' -- private_in_public "$TMP/tree"
finish
