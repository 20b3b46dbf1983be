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
finish
