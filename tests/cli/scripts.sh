#!/usr/bin/env bash
# The scenario scripts of scripts/*.lua, run as a user runs them
# (`polsim run SCRIPT -o DIR` from the repository root): each one finishes with
# exit 0, and plan_2024.lua prints its target table and writes a JSON that
# parses and a CSV of the documented shape (docs/output-format.md).
# Needs only bash, grep and awk (no python, no jq).
source "$(dirname "$0")/lib.bash"

# json_ok FILE: a strict JSON parser in POSIX awk (recursive descent over the
# grammar of RFC 8259); prints the byte offset of the first error and fails.
json_ok() {
  awk '
    function fail(msg) { printf "%s: byte %d: %s\n", FILENAME, pos, msg; bad = 1; exit 1 }
    function ch() { return substr(s, pos, 1) }
    function ws() { while (pos <= n && index(" \t\r\n", ch()) > 0) pos++ }
    function str(   c) {
      if (ch() != "\"") fail("expected a string")
      for (pos++; pos <= n; pos++) {
        c = ch()
        if (c == "\"") { pos++; return }
        if (c == "\\") {
          pos++
          if (ch() == "u") {
            if (substr(s, pos + 1, 4) !~ /^[0-9a-fA-F][0-9a-fA-F][0-9a-fA-F][0-9a-fA-F]$/) fail("bad \\u escape")
            pos += 4
          } else if (index("\"\\/bfnrt", ch()) == 0) fail("bad escape")
        } else if (c < " ") fail("control character in a string")
      }
      fail("unterminated string")
    }
    function num(   t) {
      t = substr(s, pos, 40)
      if (!match(t, /^-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][-+]?[0-9]+)?/)) fail("bad number")
      pos += RLENGTH
    }
    function members(endc, isobj) {
      pos++; ws()
      if (ch() == endc) { pos++; return }
      for (;;) {
        if (isobj) { ws(); str(); ws(); if (ch() != ":") fail("expected :"); pos++ }
        value(); ws()
        if (ch() == ",") { pos++; continue }
        if (ch() == endc) { pos++; return }
        fail("expected , or " endc)
      }
    }
    function value(   c) {
      ws(); c = ch()
      if (c == "{") members("}", 1)
      else if (c == "[") members("]", 0)
      else if (c == "\"") str()
      else if (substr(s, pos, 4) == "true" || substr(s, pos, 4) == "null") pos += 4
      else if (substr(s, pos, 5) == "false") pos += 5
      else num()
    }
    { s = s $0 "\n" }
    END {
      if (bad) exit 1
      n = length(s); pos = 1
      value(); ws()
      if (pos <= n) fail("text after the document")
    }' "$1"
}

# csv_shape FILE FIRST SOLVED LAST: a header "period,..." and one row per year
# FIRST..LAST, each with as many cells as the header, every cell a number
# (history rows before SOLVED may have empty cells: missing values, such as
# add-factors of the first year).
csv_shape() {
  awk -F, -v first="$2" -v solved="$3" -v last="$4" '
    NR == 1 { if ($1 != "period" || $2 != "phase") { print "header starts with " $1 "," $2; bad = 1; exit 1 } ncol = NF; next }
    {
      if ($1 != first + NR - 2) { print "row " NR ": period " $1 ", expected " first + NR - 2; bad = 1; exit 1 }
      if (NF != ncol) { print "row " NR ": " NF " cells, header has " ncol; bad = 1; exit 1 }
      # the periods before the first solved one are history
      if ($2 != ($1 < solved ? "history" : "projection")) { print "row " NR ": phase " $2; bad = 1; exit 1 }
      for (i = 3; i <= NF; i++)
        if (($i != "" || $1 >= solved) && $i !~ /^-?[0-9]+(\.[0-9]+)?([eE][-+]?[0-9]+)?$/) { print "row " NR ": cell " i " is \"" $i "\""; bad = 1; exit 1 }
    }
    END { if (!bad && NR - 1 != last - first + 1) { print NR - 1 " rows, expected " last - first + 1; exit 1 } }' "$1"
}

nscripts=0
for script in scripts/*.lua; do
  name=$(basename "$script" .lua)
  check "run-$name" 0 "" -- "$POLSIM" run "$script" -o "$TMP/$name"
  nscripts=$((nscripts + 1))
done
# The issue lists seven scenario scripts; fewer means the glob missed them.
check script-count 0 "" -- test "$nscripts" -ge 7

# plan_2024: the target / projection / gap / verdict table of the work
# report's targets, one row per target, each reached or missed by the model.
"$POLSIM" run scripts/plan_2024.lua -o "$TMP/plan" > "$TMP/plan.txt" 2>&1
check plan-header 0 "^2024 target +target +projection +gap +verdict" -- cat "$TMP/plan.txt"
for label in "GDP, real" "Budget revenue" "Industrial value added" "Services value added" \
             "Fixed-asset investment" "Industrial investment" "Retail sales" "Targeted loans"; do
  check "plan-row-$label" 0 "^$label +(>=|~)[0-9.]+% +-?[0-9.]+% +[-+][0-9.]+ pp +(reached|missed) +[0-9]+% +-?[0-9.]+ \.\. -?[0-9.]+%$" -- cat "$TMP/plan.txt"
done
# No lever is set to the loan target: the 2024 balance is the model's
# projection, so the gap is not zero.
check plan-loans 0 "^Loan balance, 100m yuan +>=11000 +[0-9]+ +[-+][1-9][0-9]* +(reached|missed) +[0-9]+% +[0-9]+ \.\. [0-9]+$" -- cat "$TMP/plan.txt"
# P(met) agrees with the band: a ">=" target above the band's upper end (the
# 95th percentile) is met by at most 5 % of the draws, one below its lower end
# by at least 95 %.
awk '/ >=[0-9.]+%? / && / (reached|missed) / {
       t = $0; sub(/.* >=/, "", t); t += 0
       n = split($0, f, " "); hi = f[n]; lo = f[n-2]; p = f[n-3]
       sub(/%$/, "", hi); sub(/%$/, "", p); hi += 0; lo += 0; p += 0
       if (t > hi && p > 5) bad = bad " " t; if (t < lo && p < 95) bad = bad " " t
       rows++ }
     END { if (rows < 5 || bad != "") { print "inconsistent:" bad " rows " rows; exit 1 } }' "$TMP/plan.txt" > "$TMP/pband.txt"
check plan-pmet-vs-band 0 "" -- test ! -s "$TMP/pband.txt"
check plan-count 0 "^[0-9] of 9 targets reached$" -- cat "$TMP/plan.txt"

# The Lua library's targets are those of models/yangzhou/targets_2024.csv
# (variable, target, kind), in the same order.
printf 'local yz = require("yangzhou")\nfor _, t in ipairs(yz.targets) do print(string.format("%%s,%%g,%%s", t.var, t.target, t.kind)) end\n' > "$TMP/targets.lua"
"$POLSIM" run "$TMP/targets.lua" -o "$TMP/t" > "$TMP/lib_targets.txt" 2>&1
awk -F, '!/^#/ && NR > 1 && $1 != "variable" { print $1 "," $3 "," $(NF-1) }' models/yangzhou/targets_2024.csv > "$TMP/csv_targets.txt"
check targets-agree 0 "" -- cmp "$TMP/lib_targets.txt" "$TMP/csv_targets.txt"

# plan_2024.json: valid JSON of the result schema, plan_2024.csv: 2015-2030.
check plan-json-exists 0 "" -- test -s "$TMP/plan/plan_2024.json"
check plan-csv-exists 0 "" -- test -s "$TMP/plan/plan_2024.csv"
check plan-json-parses 0 "" -- json_ok "$TMP/plan/plan_2024.json"
check plan-json-schema 0 "\"schema\":.\"polsim.result\"" -- cat "$TMP/plan/plan_2024.json"
check plan-json-scenario 0 "\"scenario\":.\"plan_2024\"" -- cat "$TMP/plan/plan_2024.json"
check plan-json-periods 0 "\"periods\":.\[\"2015\", .*\"2030\"\]" -- cat "$TMP/plan/plan_2024.json"
check plan-json-gdpr 0 "^[[:space:]]*\"gdpr\":.\[" -- cat "$TMP/plan/plan_2024.json"
check plan-csv-shape 0 "" -- csv_shape "$TMP/plan/plan_2024.csv" 2015 2024 2030
check plan-csv-header 0 "^period,phase,gdp,gdpr," -- head -1 "$TMP/plan/plan_2024.csv"

# The parser itself must reject what is not JSON (else the check above could
# not fail): a truncated document, a trailing comma, a bare word.
head -c 2000 "$TMP/plan/plan_2024.json" > "$TMP/cut.json"
printf '{"a": [1, 2,]}\n' > "$TMP/comma.json"
printf '{"a": nul}\n' > "$TMP/word.json"
printf '{"a": "x\\u00e9", "b": [true, false, null, -1.5e+3, 0]}\n' > "$TMP/good.json"
check json-rejects-truncated 1 "byte" -- json_ok "$TMP/cut.json"
check json-rejects-trailing-comma 1 "byte" -- json_ok "$TMP/comma.json"
check json-rejects-bare-word 1 "bad number" -- json_ok "$TMP/word.json"
check json-accepts-literals 0 "" -- json_ok "$TMP/good.json"

finish
