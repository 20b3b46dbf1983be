#!/usr/bin/env bash
# Crash safety (docs/cli.md): `polsim batch`, `polsim report` and `polsim solve -o`
# are killed with SIGKILL at 24 moments drawn from a fixed seed (uniform over the
# length of an uninterrupted run, measured here first: no timing is asserted).
# After each kill no file under its final name is partial (every one present is
# byte-identical to the uninterrupted run's); after `batch --resume` (or running
# the command again) every result is there exactly once, byte-identical, and no
# temporary file is left.  Also: a second batch on a busy folder is refused.
source "$(dirname "$0")/lib.bash"
F=tests/fixtures/crash
K=models/examples/keynes
set -m # each background command in its own process group: kill -9 reaches it alone

now_us() { echo $(( $(date +%s%N) / 1000 )); }
seed=20261204
next_delay() { # a delay in [0, $1) microseconds, as seconds for sleep
  seed=$(( (seed * 1103515245 + 12345) % 2147483648 ))
  local us=$(( seed % ($1 > 0 ? $1 : 1) ))
  printf '%d.%06d' $((us / 1000000)) $((us % 1000000))
}
# killed_run DELAY CMD...: run CMD in the background, SIGKILL it after DELAY s.
killed_run() {
  local delay=$1; shift
  "$@" >/dev/null 2>&1 &
  local pid=$!
  sleep "$delay"
  kill -9 $pid 2>/dev/null
  wait $pid 2>/dev/null
  return 0
}
# The result files of a folder: everything but the records and manifest (they
# hold timings), the lock files and temporary files.
results() { (cd "$1" && find . -type f ! -name run.json ! -name 'manifest*.json' \
  ! -name '.polsim-batch*' ! -name '*.tmp.*' | sort); }
# Every file of results DIR (but logs, written as the script prints) equals REF's.
none_partial() { # DIR REF
  local f bad=0
  for f in $(results "$1"); do
    case $f in */log.txt) continue ;; esac
    cmp -s "$1/$f" "$2/$f" || { echo "partial or different: $1/$f"; bad=1; }
  done
  return $bad
}
same_results() { # DIR REF
  [ "$(results "$1")" = "$(results "$2")" ] || { echo "files differ:"; diff <(results "$1") <(results "$2"); return 1; }
  none_partial "$1" "$2" || return 1
  for f in $(results "$1"); do cmp -s "$1/$f" "$2/$f" || { echo "differs: $f"; return 1; }; done
}
no_temps() { [ "$(find "$1" -name '*.tmp.*' | wc -l)" -eq 0 ]; }

# ---- the uninterrupted runs ----
REF=$TMP/ref
t0=$(now_us)
"$POLSIM" batch $F/*.lua -o $REF -j 2 -q >/dev/null
D_BATCH=$(( $(now_us) - t0 ))
check ref-batch 0 "^k = 5, y 2025 = 837.500000$" -- cat $REF/d/log.txt
t0=$(now_us)
"$POLSIM" report $REF/a -o $TMP/ref.html --base g1 >/dev/null 2>&1
D_REPORT=$(( $(now_us) - t0 ))
t0=$(now_us)
"$POLSIM" solve $K --from 2025 --to 2030 --set g=190 -o $TMP/ref.json >/dev/null
D_SOLVE=$(( $(now_us) - t0 ))
check ref-report 0 "" -- test -s $TMP/ref.html
check ref-solve 0 "" -- test -s $TMP/ref.json

# ---- batch: kill, look, resume ----
for i in 1 2 3 4 5 6 7 8; do
  O=$TMP/batch$i
  killed_run "$(next_delay $D_BATCH)" "$POLSIM" batch $F/*.lua -o $O -j 2 -q
  check batch-$i-killed-none-partial 0 "" -- none_partial $O $REF
  "$POLSIM" batch $F/*.lua -o $O -j 2 -q --resume >$O.resume 2>&1
  check batch-$i-resume-ok 0 "^4 scripts: 4 ok" -- cat $O.resume
  check batch-$i-exactly-once 0 "" -- same_results $O $REF
  check batch-$i-no-temps 0 "" -- no_temps $O
done

# ---- report and solve -o: kill, look, run again ----
for i in 1 2 3 4 5 6 7 8; do
  D=$TMP/report$i && mkdir -p $D
  killed_run "$(next_delay $D_REPORT)" "$POLSIM" report $REF/a -o $D/report.html --base g1
  check report-$i-killed-none-partial 0 "" -- sh -c "test ! -e $D/report.html || cmp -s $D/report.html $TMP/ref.html"
  "$POLSIM" report $REF/a -o $D/report.html --base g1 >/dev/null 2>&1
  check report-$i-again 0 "" -- cmp $D/report.html $TMP/ref.html
  check report-$i-no-temps 0 "" -- no_temps $D
  D=$TMP/solve$i && mkdir -p $D
  killed_run "$(next_delay $D_SOLVE)" "$POLSIM" solve $K --from 2025 --to 2030 --set g=190 -o $D/r.json
  check solve-$i-killed-none-partial 0 "" -- sh -c "test ! -e $D/r.json || cmp -s $D/r.json $TMP/ref.json"
  "$POLSIM" solve $K --from 2025 --to 2030 --set g=190 -o $D/r.json >/dev/null
  check solve-$i-again 0 "" -- cmp $D/r.json $TMP/ref.json
  check solve-$i-no-temps 0 "" -- no_temps $D
done

# A temporary file of a writer that died is removed by the next write there;
# one of a live writer (this shell) is left alone.
D=$TMP/stale && mkdir -p $D
sleep 0 & dead=$!; wait $dead
echo partial >$D/report.html.tmp.$dead.AbC123
echo busy >$D/other.json.tmp.$$.XyZ789
"$POLSIM" report $REF/a -o $D/report.html --base g1 >/dev/null 2>&1
check stale-temp-removed 1 "" -- test -e $D/report.html.tmp.$dead.AbC123
check live-temp-kept 0 "" -- test -e $D/other.json.tmp.$$.XyZ789

# ---- two batches on one folder: the second refuses ----
O=$TMP/busy
"$POLSIM" batch tests/fixtures/batch/spin.lua -o $O --max-instructions 0 --timeout 600 -q >/dev/null 2>&1 &
first=$!
until [ -e $O/spin/log.txt ]; do sleep 0.02; done
check second-refused 4 "another polsim batch is writing into '$O' \(pid $first\) \(lock file $O/.polsim-batch.lock\)" -- \
  "$POLSIM" batch $F/a.lua -o $O -q
check second-wrote-nothing 1 "" -- test -e $O/a
kill -9 $first; wait $first 2>/dev/null
# the lock died with its holder: the folder is free again at once
check after-kill-free 0 "^1 script: 1 ok" -- "$POLSIM" batch $F/a.lua -o $O -q
S=$TMP/shards
"$POLSIM" batch tests/fixtures/batch/spin.lua -o $S --shard 1/2 --max-instructions 0 --timeout 600 -q >/dev/null 2>&1 &
first=$!
until [ -e $S/spin/log.txt ]; do sleep 0.02; done
check shard-2-alongside 0 "" -- "$POLSIM" batch $F/a.lua $F/b.lua -o $S --shard 2/2 -q
check shard-1-twice 4 "another polsim batch is writing into '$S' \(pid $first\) \(lock file $S/.polsim-batch-1-of-2.lock\)" -- \
  "$POLSIM" batch $F/a.lua $F/b.lua -o $S --shard 1/2 -q
check unsharded-during-shard 4 "another polsim batch is writing into '$S'" -- "$POLSIM" batch $F/a.lua -o $S -q
kill -9 $first; wait $first 2>/dev/null

finish
