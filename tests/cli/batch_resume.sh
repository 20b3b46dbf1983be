#!/usr/bin/env bash
# polsim batch --resume (docs/cli.md): a batch stopped by SIGTERM or killed by
# SIGKILL mid-way leaves no half-written file, and --resume keeps exactly the
# scripts whose runs completed and whose inputs and outputs are unchanged.
source "$(dirname "$0")/lib.bash"
# Four scripts in a folder of their own.  s2, s3 and s4 first wait for the
# model folder `gate` to exist (the test makes it only after the interruption),
# so the signal lands while s2 runs whatever the machine's speed.
mkdir -p $TMP/s
for k in 1 2 3 4; do
  gate="while not pcall(polsim.model, 'gate') do end"
  [ $k = 1 ] && gate=""
  cat >$TMP/s/s$k.lua <<EOF
$gate
local m = polsim.model("models/examples/keynes")
local r = m:scenario("s$k", { from = 2025, to = 2026 }):run()
print(string.format("y 2025 = %.6f", r:get("y", 2025)))
r:write("r.json")
EOF
done

# Start a batch (one worker, no instruction budget) with the gate closed, wait
# until s1 has its record and s2 has started, then send SIGNAL.
interrupt() { # DIR SIGNAL
  rm -rf $TMP/s/gate
  "$POLSIM" batch $TMP/s/*.lua -o $1 -j 1 --max-instructions 0 >$1.out 2>&1 &
  local pid=$!
  until [ -e $1/s1/run.json ] && [ -e $1/s2/log.txt ] || ! kill -0 $pid 2>/dev/null; do sleep 0.02; done
  kill -$2 $pid
  wait $pid
  echo "exit $?" >>$1.out
}
# Let s2, s3 and s4 run through (once no script of the stopped batch runs).
open_gate() { cp -r models/examples/keynes $TMP/s/gate; }

# ---- SIGTERM: the batch stops its scripts, writes what completed, exits 130 ----
O=$TMP/term
interrupt $O TERM
check term-exit 0 "^exit 130$" -- cat $O.out
check term-summary 0 "^4 scripts: 1 ok, 1 interrupted, 2 not run in .*, interrupted; manifest" -- cat $O.out
check term-manifest 0 '"interrupted":\s+true' -- cat $O/manifest.json
check term-manifest-ok 0 '"ok":\s+1,' -- cat $O/manifest.json
check term-record-s2 0 '"status":\s+"interrupted"' -- cat $O/s2/run.json
check term-no-temp 0 "^0$" -- sh -c "find $O -name '*.tmp.*' | wc -l"
open_gate
"$POLSIM" batch $TMP/s/*.lua -o $O -j 2 --resume >$O.resume 2>&1
check term-resume-exit 0 "" -- test $? -eq 0
check term-resume-skipped 0 "^skipped $TMP/s/s1.lua: complete and unchanged" -- cat $O.resume
check term-resume-rerun 0 "^rerun $TMP/s/s2.lua: its last run did not end ok \(interrupted\)" -- cat $O.resume
check term-resume-kept 0 "s1.lua +ok .*kept from its last run" -- cat $O.resume
check term-resume-all 0 "^4 scripts: 4 ok \(1 kept from the last run\)" -- cat $O.resume
check term-resume-825 0 "^y 2025 = 825.000000$" -- cat $O/s4/log.txt
check term-resume-no-temp 0 "^0$" -- sh -c "find $O -name '*.tmp.*' | wc -l"

# ---- SIGKILL: no manifest and no cleanup, yet the records stay consistent ----
O=$TMP/kill
interrupt $O KILL
check kill-exit 0 "^exit 137$" -- cat $O.out
check kill-no-manifest 1 "" -- test -e $O/manifest.json
check kill-s1-complete 0 '"status":\s+"ok"' -- cat $O/s1/run.json
check kill-s2-no-record 1 "" -- test -e $O/s2/run.json
# The scripts die with the batch (nothing still runs that could write).  The
# kernel ends them promptly but not instantly: allow it a minute.
for i in $(seq 1200); do
  cat /proc/[0-9]*/cmdline 2>/dev/null | tr '\0' ' ' | grep -q "ru[n] $TMP/s/" || break
  sleep 0.05
done
check kill-no-orphans 1 "" -- sh -c "cat /proc/[0-9]*/cmdline 2>/dev/null | tr '\\0' ' ' | grep -q 'ru[n] $TMP/s/'"
open_gate
"$POLSIM" batch $TMP/s/*.lua -o $O -j 2 --resume >$O.resume 2>&1
check kill-resume-exit 0 "" -- test $? -eq 0
check kill-resume-skipped 0 "^skipped $TMP/s/s1.lua" -- cat $O.resume
check kill-resume-ran 0 "^\[3/3\] ok " -- cat $O.resume
check kill-resume-no-temp 0 "^0$" -- sh -c "find $O -name '*.tmp.*' | wc -l"

# ---- what makes --resume run a script again ----
D=$TMP/term
check resume-all-kept 0 "^4 scripts: 4 ok \(4 kept" -- "$POLSIM" batch $TMP/s/*.lua -o $D --resume -q
echo "-- edited" >>$TMP/s/s1.lua
check resume-script-changed 0 "^rerun $TMP/s/s1.lua: the script changed" -- "$POLSIM" batch $TMP/s/s1.lua -o $D --resume
echo tampered >>$D/s1/r.json
check resume-output-changed 0 "^rerun $TMP/s/s1.lua: output 's1/r.json' changed after it was written" -- "$POLSIM" batch $TMP/s/s1.lua -o $D --resume
rm $D/s1/r.json
check resume-output-missing 0 "^rerun $TMP/s/s1.lua: output 's1/r.json' is missing" -- "$POLSIM" batch $TMP/s/s1.lua -o $D --resume
check resume-set-new 0 "^rerun $TMP/s/s1.lua: --set x is new" -- "$POLSIM" batch $TMP/s/s1.lua -o $D --resume --set x=1
check resume-set-changed 0 "^rerun $TMP/s/s1.lua: --set x changed \('1' before, '2' now\)" -- "$POLSIM" batch $TMP/s/s1.lua -o $D --resume --set x=2
check resume-seed 0 "^rerun $TMP/s/s1.lua: the seed changed \(1 before, 5 now\)" -- "$POLSIM" batch $TMP/s/s1.lua -o $D --resume --set x=2 --seed 5
check resume-set-dropped 0 "s1.lua -> $D/s1  \(runs: --set x was given before but is not now\)" -- "$POLSIM" batch $TMP/s/s1.lua -o $D --resume --seed 5 --dry-run
check resume-dry-run 0 "s1.lua -> $D/s1  \(kept: complete and unchanged\)" -- "$POLSIM" batch $TMP/s/s1.lua -o $D --resume --set x=2 --seed 5 --dry-run
echo "{ broken" >$D/s2/run.json
check resume-bad-record 0 "^rerun $TMP/s/s2.lua: its record cannot be read \(not valid JSON" -- "$POLSIM" batch $TMP/s/s2.lua -o $D --resume
check resume-bad-record-rewritten 0 '"status":\s+"ok"' -- cat $D/s2/run.json
# A model edited between runs: the result records the model file and its hash.
# (Run from /, where the model's path is relative, as the sandbox wants.)
ABS=$(cd "$(dirname "$POLSIM")" && pwd)/$(basename "$POLSIM")
mkdir -p $TMP/m/keynes
cp models/examples/keynes/* $TMP/m/keynes/
sed "s#models/examples/keynes#${TMP#/}/m/keynes#" $TMP/s/s1.lua >$TMP/s/s5.lua
(cd / && "$ABS" batch $TMP/s/s5.lua -o $TMP/mo -q >/dev/null)
echo "// edited" >>$TMP/m/keynes/keynes.model
check resume-model-changed 0 "s5.lua -> $TMP/mo/s5  \(runs: model file '${TMP#/}/m/keynes/keynes.model' changed\)" -- sh -c "cd / && '$ABS' batch $TMP/s/s5.lua -o $TMP/mo --resume --dry-run"
cp models/examples/keynes/keynes.model $TMP/m/keynes/
echo "2025,0,0,0,0,0" >>$TMP/m/keynes/history.csv
check resume-history-changed 0 "s5.lua -> $TMP/mo/s5  \(runs: data file '${TMP#/}/m/keynes/history.csv' changed\)" -- sh -c "cd / && '$ABS' batch $TMP/s/s5.lua -o $TMP/mo --resume --dry-run"

finish
