#!/usr/bin/env bash
# The planner's workflow end to end (docs/cli.md): a batch folder goes straight
# into compare and report; result files, run folders and batch folders mix.
# The Keynesian cross fixtures give y(2025) = 825 in the baseline and
# 825 + 2.5 * 10 = 850 with g + 10 (closed form, tests/fixtures/batch/README.md).
source "$(dirname "$0")/lib.bash"
F=tests/fixtures/batch
B=$TMP/batch
"$POLSIM" batch $F/keynes_base.lua $F/keynes_g10.lua $F/fail.lua -o $B -q >/dev/null 2>&1
check batch-ran 0 "keynes_base/base.json" -- cat $B/manifest.json

# ---- compare reads a batch folder through its manifest ----
check compare-batch 0 "^2025 +825 +850 +25 " -- "$POLSIM" compare $B --vars y --to 2025
check compare-batch-skips-failed 0 "skipping $F/fail.lua: the batch ran it with status failed" -- \
  "$POLSIM" compare $B --vars y --to 2025
check compare-batch-base 0 "^2025 +825 +850 +-25 " -- "$POLSIM" compare $B --vars y --to 2025 --base g10
check compare-batch-csv 0 "" -- "$POLSIM" compare $B --vars y --to 2025 -o $TMP/cmp.csv
check compare-batch-csv-value 0 "850" -- grep -E "^y,.*2025" $TMP/cmp.csv
# ---- mixed: a run folder and a result file ----
check compare-mixed 0 "^2025 +825 +850 +25 " -- \
  "$POLSIM" compare $B/keynes_base $B/keynes_g10/g10.json --vars y --to 2025
# the batch folder and one of its results again: each result is read once
check compare-mixed-dedup 0 "^2025 +825 +850 +25 *" -- \
  "$POLSIM" compare $B $B/keynes_g10/g10.json --vars y --to 2025
check compare-one-result 2 "give at least two results to compare \(found 1" -- \
  "$POLSIM" compare $B/keynes_base
check compare-manifest-file 4 "a batch manifest, not a result: give its folder" -- \
  "$POLSIM" compare $B/manifest.json $B/keynes_base/base.json
check compare-nothing 4 "no such file or folder" -- "$POLSIM" compare $TMP/none $B
# --growth: growth rates side by side; y 2024 = 828 (history), so 2025's
# growth is 100 (825/828 - 1) = -0.36 % and 100 (850/828 - 1) = 2.66 %,
# 3.02 pp apart; in 2026 both paths are flat
check compare-growth 0 "^2025 +-0.36 +2.66 +3.02$" -- "$POLSIM" compare $B --vars y --to 2026 --growth
check compare-growth-flat 0 "^2026 +0.00 +0.00 +0.00$" -- "$POLSIM" compare $B --vars y --to 2026 --growth
check compare-growth-header 0 "^period +base +g10 +g10 pp$" -- "$POLSIM" compare $B --vars y --growth
check compare-growth-file 0 "" -- "$POLSIM" compare $B --vars y --to 2025 --growth -o $TMP/g.txt
check compare-growth-file-content 0 "^2025 +-0.36 +2.66 +3.02$" -- cat $TMP/g.txt

# did you mean, one rule everywhere: a case-only difference, else a typo
check compare-vars-case 2 "--vars: the base scenario has no variable 'Y' \(did you mean 'y'\?\)" -- \
  "$POLSIM" compare $B --vars Y
check compare-vars-typo 2 "no variable 'yy' \(did you mean 'y'\?\)" -- "$POLSIM" compare $B --vars yy
check report-vars-case 2 "no variable 'Y' in the results.*\(did you mean 'y'\?\)" -- \
  "$POLSIM" report $B --vars Y -o $TMP/rv.html
printf 'local r = polsim.model("%s"):scenario("a", { from = 2025, to = 2025 }):run()\nprint(r.Y)\n' \
  "$(pwd)/models/examples/keynes" >$TMP/case.lua
check result-field-case 6 "has no method, field or variable 'Y' \(did you mean 'y'\?\)" -- \
  "$POLSIM" run $TMP/case.lua -o $TMP/case

# ---- report straight after batch ----
check report-batch 0 "wrote $TMP/r.html: 2 scenarios, base base" -- \
  "$POLSIM" report $B --base base -o $TMP/r.html
check report-batch-g10 0 "2 scenarios, base g10" -- "$POLSIM" report $B --base g10 -o $TMP/r2.html
check report-mixed 0 "2 scenarios, base base" -- \
  "$POLSIM" report $B/keynes_base $B/keynes_g10/g10.json $B -o $TMP/r3.html

# ---- a sharded batch: both shard manifests read, after the merge too ----
S=$TMP/sharded
"$POLSIM" batch $F/keynes_base.lua $F/keynes_g10.lua -o $S --shard 1/2 -q >/dev/null 2>&1
"$POLSIM" batch $F/keynes_base.lua $F/keynes_g10.lua -o $S --shard 2/2 -q >/dev/null 2>&1
check compare-shards 0 "^2025 +825 +850 +25 " -- "$POLSIM" compare $S --vars y --to 2025
"$POLSIM" batch --merge $S >/dev/null 2>&1
check compare-merged 0 "^2025 +825 +850 +25 " -- "$POLSIM" compare $S --vars y --to 2025

# ---- the unit guard (tests/fixtures/units: loan_g's history 9..13 percent,
# median of the last 10 values 11; spend's 800..890, median 845) ----
G=tests/fixtures/units/guard.lua
check guard-fraction-warns 0 "warning: $G:4: loan_g 2025 = 0.1: did you mean 10 \(percent\)\? Its unit is percent and its history is about 11" -- \
  "$POLSIM" run $G -o $TMP/g1 --set loan_g=0.10 --set spend=900
# the warning changes nothing: loans(2025) = 2556.79137994452 * 1.001
check guard-fraction-runs 0 "^loans 2025 = 2559.348171$" -- \
  "$POLSIM" run $G -o $TMP/g1 --set loan_g=0.10 --set spend=900
"$POLSIM" run $G -o $TMP/g2 --set loan_g=10 --set spend=900 >$TMP/g2.out 2>$TMP/g2.err
check guard-silent-on-percent 0 "^$" -- cat $TMP/g2.err
check guard-percent-result 0 "^loans 2025 = 2812.470518$" -- cat $TMP/g2.out
check guard-level-small 0 "spend 2025 = 9: did you mean 900\? Its history is about 845 100m yuan, about 100 times this value" -- \
  "$POLSIM" run $G -o $TMP/g3 --set loan_g=10 --set spend=9
check guard-level-large 0 "spend 2025 = 89000: did you mean 890\? .*about 1/100 of this value" -- \
  "$POLSIM" run $G -o $TMP/g3 --set loan_g=10 --set spend=89000
check guard-strict 6 "$G:4: loan_g 2025 = 0.1: did you mean 10 \(percent\)\?.*--strict makes this warning an error" -- \
  "$POLSIM" run $G -o $TMP/g4 --set loan_g=0.10 --set spend=900 --strict
"$POLSIM" run $G -o $TMP/g5 --set loan_g=10 --set spend=900 --strict >$TMP/g5.out 2>&1
check guard-strict-silent 0 "^loans 2025 = 2812.470518$" -- cat $TMP/g5.out

# ---- a horizon the history cannot reach is said in those words
# (the fixture's history is 2015..2024 and pct(loans) lags loans one year) ----
U=tests/fixtures/units/rates.model
check horizon-after-history 2 "the history ends in 2024, so a projection must start by 2025 .*start at 2025 and read 2030 from the result" -- \
  "$POLSIM" solve $U --from 2030 --to 2031
check horizon-before-history 2 "the history starts in 2015 and the model's lags reach back 1 period, so a projection can start in 2016 at the earliest, not 2010" -- \
  "$POLSIM" solve $U --from 2010 --to 2011
check horizon-ok 0 "^2025 " -- "$POLSIM" solve $U --from 2025 --to 2025
cat >$TMP/late.lua <<LUA
polsim.model("$(pwd)/$U"):scenario("late", { from = 2030, to = 2031 }):run()
LUA
check horizon-lua 6 "late.lua:1: .*the history ends in 2024, so a projection must start by 2025" -- \
  "$POLSIM" run $TMP/late.lua -o $TMP/late

# ---- a long script path: its location is printed once, in full ----
L=$TMP/a_folder_with_a_long_name_so_that_lua_shortens_the_chunk_name/and_a_long_script_name_too.lua
mkdir -p "$(dirname $L)"
printf 'local x = nil\nx.y = 1\n' >$L
check long-path-once 6 "^polsim: $L:2: attempt to index a nil value \(local 'x'\)$" -- \
  bash -c "'$POLSIM' run $L -o $TMP/lp 2>&1 | head -1; exit \${PIPESTATUS[0]}"

# ---- Chinese labels: every Yangzhou variable and lever has a zh label and
# unit, as `polsim info` shows them ----
"$POLSIM" info models/yangzhou | awk '$2 ~ /^(endogenous|exogenous)/ { print $1 }' >$TMP/yzvars
check yz-vars-listed 0 "" -- test "$(wc -l <$TMP/yzvars)" -ge 60
: >$TMP/nolabel
while read -r v; do
  "$POLSIM" info models/yangzhou "$v" | grep -q "^  label (zh): " || echo "$v" >>$TMP/nolabel
  "$POLSIM" info models/yangzhou "$v" | grep -q "^  unit (zh): " || echo "$v (unit)" >>$TMP/nolabel
done <$TMP/yzvars
check yz-zh-labels 0 "^$" -- cat $TMP/nolabel
check yz-zh-gdpr 0 "^  label \(zh\): +地区生产总值" -- "$POLSIM" info models/yangzhou gdpr

# ---- the issue's own case: Yangzhou's history ends in 2023 ----
check horizon-yangzhou 2 "^polsim: error: the history ends in 2023, so a projection must start by 2024 .*start at 2024 and read 2040 from the result$" -- \
  "$POLSIM" solve models/yangzhou --from 2040

# ---- --strict passed through polsim batch to every script (the guard
# fixture above: loan_g = 0.1 is a fraction given for a percent) ----
SB=$TMP/strict
"$POLSIM" batch $G -o $SB -q --set loan_g=0.10 --set spend=900 >/dev/null 2>&1
check batch-lenient-ok 0 '"status":.*"ok"' -- cat $SB/guard/run.json
check batch-lenient-warns 0 "warning: .*loan_g 2025 = 0.1: did you mean 10 \(percent\)\?" -- cat $SB/guard/log.txt
check batch-strict-fails 1 "guard.lua +failed" -- \
  "$POLSIM" batch $G -o $SB -q --strict --set loan_g=0.10 --set spend=900
check batch-strict-error 0 "loan_g 2025 = 0.1: did you mean 10 \(percent\)\?.*--strict makes this warning an error" -- \
  cat $SB/guard/log.txt
check batch-strict-status 0 '"exit_code":.6,' -- cat $SB/guard/run.json
check batch-strict-recorded 0 '"strict":.true,' -- cat $SB/manifest.json
# correct input passes under --strict; --resume reruns when --strict changes
check batch-strict-correct 0 "guard.lua +ok" -- \
  "$POLSIM" batch $G -o $SB -q --strict --set loan_g=10 --set spend=900
check batch-strict-value 0 "^loans 2025 = 2812.470518$" -- cat $SB/guard/log.txt
check batch-resume-strict 0 "rerun $G: --strict was given before" -- \
  "$POLSIM" batch $G -o $SB --resume --set loan_g=10 --set spend=900
check batch-resume-same 0 "skipped $G" -- \
  "$POLSIM" batch $G -o $SB --resume --set loan_g=10 --set spend=900

# ---- CSV: phase column and --bom (UTF-8 byte-order mark) wherever CSV is
# written; y(2025) = 825 and 850 (tests/fixtures/csv/keynes_csv.lua) ----
bom() { head -c 3 "$1" | od -An -tx1 | tr -d ' \n'; echo; }
C=tests/fixtures/csv/keynes_csv.lua
check run-csv 0 "^y 2025 = 825.000000, 850.000000$" -- "$POLSIM" run $C -o $TMP/csv0
check run-csv-no-bom 0 "^period,phase,y,c,i,g,t,c_a$" -- head -1 $TMP/csv0/base.csv
check run-csv-phase 0 "^2024,history,828," -- grep "^2024," $TMP/csv0/base.csv
check run-csv-phase-proj 0 "^2025,projection,825," -- grep "^2025," $TMP/csv0/base.csv
check run-bom 0 "" -- "$POLSIM" run $C -o $TMP/csv1 --bom
check run-bom-result 0 "^efbbbf$" -- bom $TMP/csv1/base.csv
check run-bom-compare 0 "^efbbbf$" -- bom $TMP/csv1/compare.csv
check run-bom-compare-row 0 "^y,bn,2025,alt,projection,基线,850,25," -- cat $TMP/csv1/compare.csv
# the rest of the file is the file without the mark, byte for byte
check run-bom-same-text 0 "" -- cmp <(tail -c +4 $TMP/csv1/base.csv) $TMP/csv0/base.csv
check batch-bom 0 "keynes_csv.lua +ok" -- "$POLSIM" batch $C -o $TMP/bb -q --bom
check batch-bom-result 0 "^efbbbf$" -- bom $TMP/bb/keynes_csv/base.csv
check batch-bom-compare 0 "^efbbbf$" -- bom $TMP/bb/keynes_csv/compare.csv
check batch-bom-recorded 0 '"bom":.true' -- cat $TMP/bb/manifest.json
check batch-no-bom 0 "^period,phase," -- bash -c "'$POLSIM' batch $C -o $TMP/bn -q >/dev/null && head -1 $TMP/bn/keynes_csv/base.csv"
check solve-bom 0 "^efbbbf$" -- bash -c "'$POLSIM' solve models/examples/keynes --from 2025 --to 2025 -o $TMP/s.csv --bom >/dev/null && head -c 3 $TMP/s.csv | od -An -tx1 | tr -d ' \n'; echo"
check solve-bom-json 2 "--bom marks a CSV file for Excel: give -o FILE.csv" -- \
  "$POLSIM" solve models/examples/keynes --from 2025 --to 2025 -o $TMP/s.json --bom
check solve-bom-table 2 "--bom marks a CSV file for Excel" -- \
  "$POLSIM" solve models/examples/keynes --from 2025 --to 2025 --bom
# a Dynare file's CSV (its own layout, no phase column): the mark on request
check solve-mod-bom 0 "^efbbbf$" -- bash -c "'$POLSIM' solve tests/fixtures/dynare/plain/logs.mod -o $TMP/d.csv --bom >/dev/null && head -c 3 $TMP/d.csv | od -An -tx1 | tr -d ' \n'; echo"
check solve-mod-bom-stdout 0 "^efbbbf$" -- bash -c "'$POLSIM' solve tests/fixtures/dynare/plain/logs.mod --bom | head -c 3 | od -An -tx1 | tr -d ' \n'; echo"
check solve-mod-no-bom 0 "^period,lc,lk,ly,lz$" -- bash -c "'$POLSIM' solve tests/fixtures/dynare/plain/logs.mod | head -1"
check compare-bom-file 0 "^efbbbf$" -- bash -c "'$POLSIM' compare $B --vars y -o $TMP/cb.csv --bom && head -c 3 $TMP/cb.csv | od -An -tx1 | tr -d ' \n'; echo"
check compare-bom-stdout 0 "^efbbbf$" -- bash -c "'$POLSIM' compare $B --vars y --format csv --bom | head -c 3 | od -An -tx1 | tr -d ' \n'; echo"
check compare-bom-table 2 "--bom marks CSV for Excel, and this output is not CSV" -- \
  "$POLSIM" compare $B --vars y --bom
check compare-csv-phase 0 "^y,bn,2025,base,projection,base,825,0,0," -- cat $TMP/cb.csv
# compare from 2024: the history row is marked so, in every scenario
check compare-csv-history 0 "^y,bn,2024,g10,history,base,828,0,0," -- \
  "$POLSIM" compare $B --vars y --from 2024 --to 2024 --format csv
# JSON: each scenario's first solved period (the CSV's phase), both 2025
check compare-json-solved-from 0 '^solved_from base=2025 g10=2025$' -- bash -c "'$POLSIM' compare $B --vars y --format json |
  awk '/\"solved_from\":/ { on = 1; printf \"solved_from\"; next } on && /}/ { print \"\"; exit }
       on { gsub(/[\"\\t,]/, \"\"); split(\$0, kv, \":\"); printf \" %s=%s\", kv[1], kv[2] }'"
# a result CSV with the mark and the phase column reads back as history data:
# solving 2025 again from it gives the same 825
mkdir -p $TMP/fromcsv && cp models/examples/keynes/keynes.model $TMP/fromcsv/
cp $TMP/csv1/base.csv $TMP/fromcsv/history.csv   # with the mark
check csv-reads-back 0 "^2025 +825 +445$" -- "$POLSIM" solve $TMP/fromcsv --from 2025 --to 2025

# ---- models found from anywhere: script folder, POLSIM_PATH, installed ----
P=$(cd "$(dirname "$POLSIM")" && pwd)/$(basename "$POLSIM")
R=$(pwd)
W=$TMP/work
mkdir -p $W/scen $W/lib/mine $TMP/cwd
cp -r models/examples/keynes $W/scen/beside
cp -r models/examples/keynes $W/lib/mine/keynes2
cat >$W/scen/a.lua <<'LUA'
local name = polsim.args.model
local r = polsim.model(name):scenario("s", { from = 2025, to = 2025 }):run()
print(string.format("y 2025 = %.6f", r:get("y", 2025)))
LUA
# y(2025) = 825: the Keynesian cross's closed form, wherever the model is found
check beside-script 0 "^y 2025 = 825.000000$" -- \
  bash -c "cd $TMP/cwd && '$P' run $W/scen/a.lua -o $TMP/o1 --set model=beside"
check polsim-path 0 "^y 2025 = 825.000000$" -- \
  bash -c "cd $TMP/cwd && POLSIM_PATH=/nonexistent:$W/lib/mine '$P' run $W/scen/a.lua -o $TMP/o2 --set model=keynes2"
check installed-beside-build 0 "^y 2025 = 825.000000$" -- \
  bash -c "cd $TMP/cwd && '$P' run $W/scen/a.lua -o $TMP/o3 --set model=examples/keynes"
check absolute 0 "^y 2025 = 825.000000$" -- \
  bash -c "cd $TMP/cwd && '$P' run $W/scen/a.lua -o $TMP/o4 --set model=$R/models/examples/keynes"
# a model read by an absolute path does not open the sandbox for writing:
# outputs stay under -o
printf 'local r = polsim.model("%s"):scenario("a", { from = 2025, to = 2025 }):run()\nr:write(polsim.args.to)\n' \
  "$R/models/examples/keynes" >$W/scen/w.lua
check absolute-read-write-refused 6 "output path '$TMP/escape.json' is absolute; give a path relative to" -- \
  bash -c "cd $TMP/cwd && '$P' run $W/scen/w.lua -o $TMP/o7 --set to=$TMP/escape.json"
check absolute-read-dotdot-refused 6 "output path '../escape.json' contains '..'" -- \
  bash -c "cd $TMP/cwd && '$P' run $W/scen/w.lua -o $TMP/o7 --set to=../escape.json"
check nothing-escaped 0 "" -- test ! -e $TMP/escape.json
check not-found-lists 4 "no '$W/scen/nosuch' \(the script's folder\)" -- \
  bash -c "cd $TMP/cwd && POLSIM_PATH=$W/lib '$P' run $W/scen/a.lua -o $TMP/o5 --set model=nosuch"
check not-found-lists-path 4 "no '$W/lib/nosuch' \(POLSIM_PATH\)" -- \
  bash -c "cd $TMP/cwd && POLSIM_PATH=$W/lib '$P' run $W/scen/a.lua -o $TMP/o5 --set model=nosuch"
# after an install, the installed models are found from any folder
if cmake --install "$(dirname "$POLSIM")" --prefix $TMP/inst >$TMP/install.log 2>&1; then
  check installed-models 0 "^y 2025 = 825.000000$" -- \
    bash -c "cd $TMP/cwd && '$TMP/inst/bin/polsim' run $W/scen/a.lua -o $TMP/o6 --set model=examples/keynes"
  check installed-yangzhou 0 "" -- test -f $TMP/inst/share/polsim/models/yangzhou/yangzhou.model
  # polsim.model("yangzhou") from any folder after the install: its history
  # as the installed history.csv holds it (gdp in 2023)
  cat >$W/scen/yz.lua <<'LUA'
local m = polsim.model("yangzhou")
local r = m:scenario("yz", { from = 2024, to = 2024 }):run()
print(string.format("gdp 2023 = %.6f", r:get("gdp", 2023)))
LUA
  gdp23=$(awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == "gdp") c = i } $1 == "2023" { printf "%.6f", $c }' \
    $TMP/inst/share/polsim/models/yangzhou/history.csv)
  check installed-yangzhou-by-name 0 "^gdp 2023 = $gdp23$" -- \
    bash -c "cd $TMP/cwd && '$TMP/inst/bin/polsim' run $W/scen/yz.lua -o $TMP/o8"
  # `man polsim` finds the installed page through the prefix's man folder, and
  # `man -l` formats the installed file; both show every command's usage
  check installed-man 0 "^POLSIM\(1\) +User Commands" -- \
    bash -c "MANPATH=$TMP/inst/share/man MANWIDTH=80 man -P cat polsim 2>&1"
  check installed-man-name 0 "polsim - scriptable policy-simulation engine" -- \
    bash -c "MANWIDTH=80 man -P cat -l $TMP/inst/share/man/man1/polsim.1 2>&1"
  for cmd in run batch solve compare report check info steady import; do
    check installed-man-$cmd 0 "Usage: polsim $cmd " -- \
      bash -c "MANWIDTH=200 man -P cat -l $TMP/inst/share/man/man1/polsim.1 2>&1"
  done
  check installed-man-bom 0 "--bom +start the CSV with a UTF-8 byte-order mark" -- \
    bash -c "MANWIDTH=200 man -P cat -l $TMP/inst/share/man/man1/polsim.1 2>&1"
  check installed-examples 0 "" -- test -f $TMP/inst/share/polsim/models/examples/keynes/keynes.model
else
  check install-works 0 "" -- cat $TMP/install.log
fi
finish
