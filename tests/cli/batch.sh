#!/usr/bin/env bash
# polsim batch (docs/cli.md): scripts that succeed, fail, hang and misbehave in one
# batch; the summary, the exit status, the records and the manifest; --set and
# --seed; folders the batch does not own; shards and their merge.  The good
# fixtures (tests/fixtures/batch/README.md) project the Keynesian cross, whose
# closed form gives y(2025) = 825 in the baseline and 825 + 2.5 dg with g + dg.
source "$(dirname "$0")/lib.bash"
F=tests/fixtures/batch
sha() { sha256sum "$1" | cut -c1-64; }
# y in period 2025 of a result CSV (column found by name).
csv_y2025() { awk -F, 'NR==1{for(i=1;i<=NF;i++)if($i=="y")c=i} $1=="2025"{print $c}' "$1"; }

check help 0 "Usage: polsim batch SCRIPT" -- "$POLSIM" help batch
check listed 0 "batch +run many scenario scripts" -- "$POLSIM" --help
# docs/cli.md reproduces `polsim help batch` line for line.
"$POLSIM" help batch >$TMP/help.txt
check docs-match-help 0 "^found$" -- awk 'NR == FNR { h[n++] = $0; next } { d[m++] = $0 }
  END { for (i = 0; i < m; i++) { for (j = 0; j < n && d[i + j] == h[j]; j++); if (j == n) { print "found"; exit } }
        print "missing" }' $TMP/help.txt docs/cli.md
check no-script 2 "missing SCRIPT" -- "$POLSIM" batch
check bad-jobs 2 "--jobs takes a whole number 1..1024, not '0'" -- "$POLSIM" batch -j 0 $F/keynes_base.lua
check bad-shard 2 "K must be 1..3" -- "$POLSIM" batch --shard 4/3 $F/keynes_base.lua
check bad-shard-form 2 "expected K/N" -- "$POLSIM" batch --shard two $F/keynes_base.lua
check bad-set 2 "--set 'dg': expected NAME=VALUE" -- "$POLSIM" batch --set dg $F/keynes_base.lua
check bad-timeout 2 "--timeout takes seconds" -- "$POLSIM" batch --timeout -1 $F/keynes_base.lua
check bad-memory 2 "--max-memory takes a whole number" -- "$POLSIM" batch --max-memory 0 $F/keynes_base.lua
check bad-instructions 2 "--max-instructions takes a whole number" -- "$POLSIM" batch --max-instructions 1.5 $F/keynes_base.lua
check bad-option 2 "unknown option '--frob'" -- "$POLSIM" batch --frob $F/keynes_base.lua
check merge-and-script 2 "--merge DIR takes no SCRIPT" -- "$POLSIM" batch --merge $TMP $F/keynes_base.lua

# ---- one batch with every kind of script ----
O=$TMP/mixed
# No time limit here (--timeout 0), so however slow the build (ASan) or busy
# the machine, every script ends by what it does: its output, its error, or the
# memory or instruction limit, which count bytes and steps, not seconds.  The
# one timeout of this file is tested below with a script that never ends.
"$POLSIM" batch $F/*.lua -o $O -j 2 --timeout 0 --max-memory 16 --max-instructions 1000000 \
  >"$TMP/mixed.out" 2>"$TMP/mixed.err"
echo "exit $?" >>"$TMP/mixed.out"
S=$TMP/mixed.out
check mixed-exit 0 "^exit 1$" -- cat $S
check mixed-count 0 "^9 scripts: 3 ok, 6 failed in [0-9.]+ s; manifest $O/manifest.json$" -- cat $S
check mixed-ok 0 "keynes_base.lua +ok +[0-9.]+ s +1 *$" -- cat $S
check mixed-ok-two-outputs 0 "keynes_args.lua +ok +[0-9.]+ s +2 *$" -- cat $S
check mixed-failed 0 "fail.lua +failed .*fail.lua:3: deliberate failure in the fixture" -- cat $S
# A backtracking pattern inside one C call pays for its steps like Lua code.
check mixed-pattern-budget 0 "hang.lua +failed .*instruction budget of 1000000 exceeded" -- cat $S
check mixed-memory 0 "memory_bomb.lua +failed .*memory limit of 16 MiB exceeded" -- cat $S
check mixed-budget 0 "spin.lua +failed .*instruction budget of 1000000 exceeded" -- cat $S
check mixed-escape 0 "hostile_write.lua +failed .*'\.\./escaped.json'" -- cat $S
check mixed-forged-record 0 "hostile_record.lua +failed .*wrote run.json, a name the batch keeps" -- cat $S
check mixed-progress 0 "^\[[1-9]/9\] ok tests/fixtures/batch/keynes_g10.lua [0-9.]+ s$" -- cat "$TMP/mixed.err"
check mixed-progress-fail 0 "^\[[1-9]/9\] failed tests/fixtures/batch/hang.lua" -- cat "$TMP/mixed.err"
check mixed-nothing-escaped 1 "" -- test -e $O/escaped.json
check mixed-no-temp-files 0 "^0$" -- sh -c "find $O -name '*.tmp.*' | wc -l"
# The good outputs are right (closed form, exact in binary here): 825 and 850.
check mixed-base-825 0 "^y 2025 = 825.000000$" -- cat $O/keynes_base/log.txt
check mixed-g10-850 0 "^y 2025 = 850.000000$" -- cat $O/keynes_g10/log.txt
check mixed-csv-825 0 "^825$" -- csv_y2025 $O/keynes_args/args.csv
# Records and manifest: hashes of the script, the model and the outputs as
# sha256sum computes them, the exit status of the run.
M=$O/manifest.json
check manifest-schema 0 '"schema":\s+"polsim.batch"' -- cat $M
check manifest-counts 0 '"ok":\s+3,' -- cat $M
check manifest-script-hash 0 "\"sha256\":\s+\"$(sha $F/keynes_base.lua)\"" -- cat $M
check manifest-model-hash 0 "\"sha256\":\s+\"$(sha models/examples/keynes/keynes.model)\"" -- cat $M
check manifest-history-hash 0 "\"sha256\":\s+\"$(sha models/examples/keynes/history.csv)\"" -- cat $M
check manifest-output-hash 0 "\"sha256\":\s+\"$(sha $O/keynes_base/base.json)\"" -- cat $M
check manifest-exit-6 0 '"exit_code":\s+6,' -- cat $M
check record-ok 0 '"status":\s+"ok"' -- cat $O/keynes_base/run.json
check record-output 0 '"path":\s+"keynes_base/base.json"' -- cat $O/keynes_base/run.json
check record-failed 0 '"status":\s+"failed"' -- cat $O/fail/run.json

# ---- --set, --seed, --quiet ----
"$POLSIM" batch $F/keynes_args.lua -o $TMP/s1 --set dg=10 --seed 7 -q >"$TMP/s1.out" 2>"$TMP/s1.err"
check set-exit 0 "" -- test $? -eq 0
check set-quiet 0 "^$" -- cat "$TMP/s1.err"
check set-summary 0 "^1 script: 1 ok in" -- cat "$TMP/s1.out"
check set-850 0 "^850$" -- csv_y2025 $TMP/s1/keynes_args/args.csv
check set-recorded 0 '"dg":\s+"10"' -- cat $TMP/s1/manifest.json
check seed-recorded 0 '"seed":\s+7,' -- cat $TMP/s1/manifest.json
check seed-reproduces 0 "" -- sh -c "'$POLSIM' batch $F/keynes_args.lua -o $TMP/s2 --set dg=10 --seed 7 -q >/dev/null && cmp $TMP/s1/keynes_args/log.txt $TMP/s2/keynes_args/log.txt"

# A pure-Lua hang without an instruction budget never ends, so only the time
# limit stops it, whatever the machine's speed: the batch's one timeout test.
"$POLSIM" batch $F/spin.lua -o $TMP/spin --max-instructions 0 --timeout 1 >$TMP/spin.out 2>&1
echo "exit $?" >>$TMP/spin.out
check spin-timeout 0 "spin.lua +timeout +[0-9.]+ s +0 +ran past the time limit of 1 s" -- cat $TMP/spin.out
check spin-timeout-exit 0 "^exit 1$" -- cat $TMP/spin.out
check spin-timeout-count 0 "^1 script: 0 ok, 1 timeout in" -- cat $TMP/spin.out
check manifest-signal-9 0 '"signal":\s+9,' -- cat $TMP/spin/manifest.json

# A script that is not there fails alone; the others run.
check missing-script 1 "nope.lua +failed .*cannot open" -- "$POLSIM" batch $F/keynes_base.lua $F/nope.lua -o $TMP/miss -q
check missing-others-ran 0 "^y 2025 = 825" -- cat $TMP/miss/keynes_base/log.txt

# A folder the batch did not make is never emptied.
mkdir -p $TMP/own/keynes_base && echo mine >$TMP/own/keynes_base/notes.txt
check foreign-folder 1 "folder '$TMP/own/keynes_base' is in the way" -- "$POLSIM" batch $F/keynes_base.lua -o $TMP/own -q
check foreign-kept 0 "^mine$" -- cat $TMP/own/keynes_base/notes.txt

# Two scripts with the same file name get distinct folders.
mkdir -p $TMP/twin && cp $F/keynes_base.lua $TMP/twin/
check twin-folders 0 "^$F/keynes_base.lua -> $TMP/t/keynes_base-2$" -- "$POLSIM" batch $F/keynes_base.lua $TMP/twin/keynes_base.lua -o $TMP/t --dry-run

# ---- shards: three shards cover the batch exactly once ----
for k in 1 2 3; do
  "$POLSIM" batch $F/*.lua --shard $k/3 --dry-run | grep -- ' -> ' >"$TMP/shard$k"
done
"$POLSIM" batch $F/*.lua --dry-run >"$TMP/shard-all"
check shards-cover 0 "" -- sh -c "sort $TMP/shard1 $TMP/shard2 $TMP/shard3 | cmp - $TMP/shard-all"
check shards-disjoint 0 "^$" -- sh -c "sort $TMP/shard1 $TMP/shard2 $TMP/shard3 | uniq -d"
check shard-sizes 0 "^3 3 3$" -- sh -c "echo \$(wc -l <$TMP/shard1) \$(wc -l <$TMP/shard2) \$(wc -l <$TMP/shard3)"
# Position i (0-based, sorted by path) goes to shard i mod 3 + 1: the first shard
# has positions 0, 3, 6: fail, hostile_write, keynes_g10.
check shard1-slice 0 "^$F/fail.lua -> out/fail $F/hostile_write.lua -> out/hostile_write $F/keynes_g10.lua -> out/keynes_g10 $" -- sh -c "tr '\n' ' ' <$TMP/shard1"

# Shards of the keynes scripts into one folder, then merged.
G="$F/keynes_args.lua $F/keynes_base.lua $F/keynes_g10.lua"
check shard-run-1 0 "^2 scripts: 2 ok" -- "$POLSIM" batch $G --shard 1/2 -o $TMP/sh -q
check shard-manifest 0 '"index":\s+1,' -- cat $TMP/sh/manifest-1-of-2.json
check merge-missing 1 "shard 2 of 2 is missing" -- "$POLSIM" batch --merge $TMP/sh
check shard-run-2 0 "^1 script: 1 ok" -- "$POLSIM" batch $G --shard 2/2 -o $TMP/sh -q
check merge 0 "merged 2 manifests: 3 of 3 scripts ok -> $TMP/sh/manifest.json" -- "$POLSIM" batch --merge $TMP/sh
check merged-scripts 0 "^3$" -- sh -c "grep -c '\"script\":' $TMP/sh/manifest.json"
check merged-from 0 "manifest-2-of-2.json" -- cat $TMP/sh/manifest.json
mkdir -p $TMP/nosh
check merge-nothing 4 "no shard manifests" -- "$POLSIM" batch --merge $TMP/nosh
head -c 300 $TMP/sh/manifest-1-of-2.json >$TMP/nosh/manifest-1-of-2.json
check merge-truncated 4 "manifest-1-of-2.json.*not valid JSON" -- "$POLSIM" batch --merge $TMP/nosh
sed 's/"polsim.batch"/"polsim.other"/' $TMP/sh/manifest-1-of-2.json >$TMP/nosh/manifest-1-of-2.json
check merge-bad-schema 4 "schema: expected \"polsim.batch\"" -- "$POLSIM" batch --merge $TMP/nosh

finish
