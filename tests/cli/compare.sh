#!/usr/bin/env bash
# polsim compare (docs/cli.md) against hand-computed differences.  Keynesian cross
# (models/examples/keynes, mpc = 0.6): baseline y = 825 in 2025 and 2026 (y was
# 828 in 2024); g + 10 in 2025 only gives y = 850 in 2025, 825 in 2026, and
# c = 40 + 0.6 (y - 150): 445 and 460.  So, for y in 2025: diff 25, pct
# 100 * 25 / 825, growth pp 100 (850 - 825) / 828; in 2026: diff 0, growth pp
# 100 (825 / 850 - 1).  Tolerance of the numeric checks: 1e-9.
source "$(dirname "$0")/lib.bash"
K=models/examples/keynes
g24=$(awk -F, 'NR==1{for(i=1;i<=NF;i++)if($i=="g")c=i} END{print $c}' $K/history.csv)
"$POLSIM" solve $K --from 2025 --to 2026 --scenario base -o $TMP/base.json >/dev/null
"$POLSIM" solve $K --from 2025 --to 2026 --scenario alt --set g@2025=$(awk "BEGIN{print $g24 + 10}") -o $TMP/alt.json >/dev/null
"$POLSIM" solve $K --from 2025 --to 2026 --scenario alt2 --set g@2025=$(awk "BEGIN{print $g24 + 20}") -o $TMP/alt2.json >/dev/null
B=$TMP/base.json
A=$TMP/alt.json

check help 0 "Usage: polsim compare RESULT\.\.\." -- "$POLSIM" help compare
check listed 0 "compare +compare scenario results" -- "$POLSIM" --help
# docs/cli.md reproduces `polsim help compare` line for line.
"$POLSIM" help compare >$TMP/help.txt
check docs-match-help 0 "^found$" -- awk 'NR == FNR { h[n++] = $0; next } { d[m++] = $0 }
  END { for (i = 0; i < m; i++) { for (j = 0; j < n && d[i + j] == h[j]; j++); if (j == n) { print "found"; exit } }
        print "missing" }' $TMP/help.txt docs/cli.md

# ---- each format ----
check table-2025 0 "^2025 +825 +850 +25 +3.03 +3.02$" -- "$POLSIM" compare $B $A
check table-2026 0 "^2026 +825 +825 +0 +0.00 +-2.94$" -- "$POLSIM" compare $B $A
check table-units 0 "^y - Output \(GDP\), bn$" -- "$POLSIM" compare $B $A
# Rounding noise (a diff within 1e-12 of the levels) is 0, as in 2026 above;
# a real effect that small is not: g + 1e-6 moves y by 2.5e-6 (3e-9 of y).
"$POLSIM" solve $K --from 2025 --to 2026 --scenario tiny --set g@2025=$(awk "BEGIN{printf \"%.10f\", $g24 + 1e-6}") -o $TMP/tiny.json >/dev/null
check table-tiny-effect 0 "^2025 +825 +825 +2.5e-06 +0.00 " -- "$POLSIM" compare $B $TMP/tiny.json
check table-c 0 "^2025 +445 +460 +15 " -- "$POLSIM" compare $B $A --vars c
check table-explained 0 "^base: base; diff in the variable's unit" -- "$POLSIM" compare $B $A
# CSV: every number against the hand calculation.
"$POLSIM" compare $B $A --format csv --vars y >$TMP/c.csv
check csv-header 0 "^variable,unit,period,scenario,phase,base,level,diff,pct,growth,growth_pp$" -- head -1 $TMP/c.csv
near='function near(a, b) { return a - b < 1e-9 && b - a < 1e-9 }'
check csv-2025 0 "^ok$" -- awk -F, "$near"' $3 == "2025" && $4 == "alt" {
  ok = $5 == "projection" && near($7, 850) && near($8, 25) && near($9, 100 * 25 / 825) &&
       near($10, 100 * (850 / 828 - 1)) && near($11, 100 * (850 - 825) / 828) }
  END { print ok ? "ok" : "wrong" }' $TMP/c.csv
check csv-2026 0 "^ok$" -- awk -F, "$near"' $3 == "2026" && $4 == "alt" {
  ok = near($8, 0) && near($9, 0) && near($11, 100 * (825 / 850 - 1)) }
  END { print ok ? "ok" : "wrong" }' $TMP/c.csv
check csv-base-rows 0 "^y,bn,2025,base,projection,base,825,0,0," -- cat $TMP/c.csv
check markdown 0 "^\| 2025 \| 825 \| 850 \| 25 \| 3.03 \| 3.02 \|$" -- "$POLSIM" compare $B $A --format markdown --vars y
check markdown-title 0 "^### y: Output \(GDP\) — bn$" -- "$POLSIM" compare $B $A --format markdown --vars y
"$POLSIM" compare $B $A --format json --vars y >$TMP/c.json
check json-schema 0 '"schema":\s+"polsim.compare"' -- cat $TMP/c.json
check json-level 0 '"alt":\s+\[850, 825\]' -- cat $TMP/c.json
check json-diff 0 '"alt":\s+\[25, 0\]' -- cat $TMP/c.json
check json-pct 0 '"alt":\s+\[3.03030303030302[0-9]*, 0\]' -- cat $TMP/c.json
check json-unit 0 '"unit":\s+"bn"' -- cat $TMP/c.json

# ---- options ----
check base-by-name 0 "^2025 +825 +850 +-25 +-2.94 " -- "$POLSIM" compare $B $A --base alt
check base-by-file 0 "^base: alt;" -- "$POLSIM" compare $B $A --base $A
check three 0 "^2025 +825 +850 +875 +25 +3.03 +3.02 +50 +6.06 +6.04$" -- "$POLSIM" compare $B $A $TMP/alt2.json --vars y
check range 0 "^2026 " -- "$POLSIM" compare $B $A --from 2026 --to 2026
check range-only 1 "" -- sh -c "'$POLSIM' compare $B $A --from 2026 | grep -q '^2025 '"
check out-csv 0 "" -- "$POLSIM" compare $B $A -o $TMP/o/out.csv
check out-csv-content 0 "^variable,unit,period" -- head -1 $TMP/o/out.csv
check out-format 0 "" -- "$POLSIM" compare $B $A --format markdown -o $TMP/out.txt
check out-format-content 0 "^### y" -- cat $TMP/out.txt
check out-no-temp 0 "^0$" -- sh -c "find $TMP -name '*.tmp.*' | wc -l"

# ---- usage errors (2) ----
check one-file 2 "give at least two results to compare \(found 1" -- "$POLSIM" compare $B
check bad-format 2 "--format 'xls': expected table, csv, json or markdown" -- "$POLSIM" compare $B $A --format xls
check bad-base 2 "--base 'nope': no such scenario or file; the scenarios are 'base'" -- "$POLSIM" compare $B $A --base nope
check bad-var 2 "--vars: the base scenario has no variable 'zzzz' \(its endogenous variables: y, c\)" -- "$POLSIM" compare $B $A --vars zzzz
check bad-from 2 "--from: .*expected an annual period" -- "$POLSIM" compare $B $A --from 2025Q1
check bad-range 2 "--to 2025 is before --from 2026" -- "$POLSIM" compare $B $A --from 2026 --to 2025
check bad-option 2 "unknown option '--frob'" -- "$POLSIM" compare $B $A --frob

# ---- results that cannot be compared (4) ----
check missing-file 4 "$TMP/none.json: error: no such file or folder" -- "$POLSIM" compare $B $TMP/none.json
head -c 700 $B >$TMP/trunc.json
check truncated 4 "trunc.json:[0-9]+:[0-9]+: error: not valid JSON" -- "$POLSIM" compare $B $TMP/trunc.json
sed 's/"polsim.result"/"polsim.other"/' $B >$TMP/other.json
check not-a-result 4 "other.json: error: a polsim.other file, not a result \(schema polsim.result\)" -- "$POLSIM" compare $B $TMP/other.json
"$POLSIM" solve models/examples/solow -o $TMP/solow.json >/dev/null
check other-model 4 "comes from model 'solow' but 'base' \(result 1\) from model 'keynes'" -- "$POLSIM" compare $B $TMP/solow.json
check other-model-files 4 "the results are 1 = $B \('base', model keynes, annual\); 2 = $TMP/solow.json" -- "$POLSIM" compare $B $TMP/solow.json
# The same model, quarterly.
mkdir -p $TMP/q
sed 's/ annual;/ quarterly;/' $K/keynes.model >$TMP/q/keynes.model
printf 'period,y,c,i,g,t\n2024Q4,828,448,200,180,150\n' >$TMP/q/history.csv
"$POLSIM" solve $TMP/q --to 2025Q4 --scenario q -o $TMP/q.json >/dev/null
check other-frequency 4 "'q' \(result 2\) is quarterly but 'base' \(result 1\) is annual" -- "$POLSIM" compare $B $TMP/q.json
check no-common-period 4 "no period in common" -- "$POLSIM" compare $B $A --from 2040
# The same model edited (another hash): compared, with a warning on stderr.
mkdir -p $TMP/k2
cp $K/keynes.model $K/history.csv $TMP/k2/
echo "// edited" >>$TMP/k2/keynes.model
"$POLSIM" solve $TMP/k2 --from 2025 --to 2026 --scenario edited -o $TMP/edited.json >/dev/null
check hash-warning 0 "^polsim compare: warning: .*different versions of model 'keynes'" -- sh -c "'$POLSIM' compare $B $TMP/edited.json 2>&1 >/dev/null"
check hash-still-compared 0 "^2025 +825 +825 +0 " -- sh -c "'$POLSIM' compare $B $TMP/edited.json 2>/dev/null"

finish
