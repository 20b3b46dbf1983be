#!/usr/bin/env bash
# docs/lua-api.md stays true:
#   - every ```lua block in it runs with `polsim run` (from the repository root),
#     and each line `print(EXPR) --> TEXT` must print exactly TEXT;
#   - every function and method the bindings register (engine/src/lua/api*.c)
#     appears in the reference and in the LuaLS annotations (types/polsim.lua).
# Usage, from the repository root: bash tests/cli/lua_api_doc.sh path/to/polsim
set -u
polsim=${1:?usage: bash tests/cli/lua_api_doc.sh path/to/polsim}
doc=docs/lua-api.md
types=types/polsim.lua
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
failed=0

# Split the lua blocks into files, and turn `print(EXPR) --> TEXT` into a check.
# The helper goes on the block's first line so that line numbers stay those of
# the block.
awk -v dir="$out" '
    /^```lua$/ { n++; inside = 1; line = 0; start = NR; next }
    /^```/ && inside { inside = 0; close(file); next }
    inside {
        file = sprintf("%s/block%02d.lua", dir, n)
        if (line++ == 0) {
            printf "-- %s line %d\n", FILENAME, start + 1 > (dir "/block" sprintf("%02d", n) ".where")
            printf "local function __doc_check(line, want, ...) local got = {} for k = 1, select(\"#\", ...) do got[k] = tostring((select(k, ...))) end got = table.concat(got, \"\\t\") if got ~= want then error(string.format(\"line %%d printed %%q, the page says %%q\", line, got, want), 2) end end " > file
        }
        if (match($0, /^[ \t]*print\(.*\)[ \t]*--> /)) {
            want = $0
            sub(/^.*\)[ \t]*--> /, "", want)
            expr = $0
            sub(/^[ \t]*print\(/, "", expr)
            sub(/\)[ \t]*--> .*$/, "", expr)
            gsub(/\\/, "\\\\", want)
            gsub(/"/, "\\\"", want)
            gsub(/\t/, "\\t", want)
            printf "__doc_check(%d, \"%s\", %s)\n", line, want, expr > file
        } else {
            print > file
        }
    }
' "$doc"

blocks=$(ls "$out"/block*.lua 2> /dev/null | wc -l)
if [ "$blocks" -lt 20 ]; then
    echo "FAIL: only $blocks lua blocks found in $doc"
    exit 1
fi
for f in "$out"/block*.lua; do
    b=$(basename "$f" .lua)
    where=$(cat "$out/$b.where")
    if "$polsim" run "$f" -o "$out/out_$b" > "$out/$b.log" 2>&1; then
        echo "ok   $doc example at ${where#-- $doc }"
    else
        echo "FAIL $doc example at ${where#-- $doc } (exit $?):"
        sed 's/^/     | /' "$out/$b.log"
        failed=$((failed + 1))
    fi
done

# Every registered name is documented and annotated.
names=$(grep -ohE '\{"[a-z_]+", *[a-z_]+\}' engine/src/lua/api*.c | sed -E 's/^\{"([a-z_]+)".*/\1/' | grep -v "^__" | sort -u)
[ -n "$names" ] || { echo "FAIL: no registered functions found in engine/src/lua"; exit 1; }
for n in $names; do
    if ! grep -qE "[:.]$n\(" "$types"; then
        echo "FAIL $types lacks '$n'"
        failed=$((failed + 1))
    fi
    if ! grep -qE "[:.]$n\(" "$doc"; then
        echo "FAIL $doc lacks '$n'"
        failed=$((failed + 1))
    fi
done
echo "checked $(echo "$names" | wc -w) API names in $doc and $types"

if [ "$failed" -ne 0 ]; then
    echo "$failed failures"
    exit 1
fi
echo "all $blocks examples of $doc passed"
