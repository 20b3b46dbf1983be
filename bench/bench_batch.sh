#!/usr/bin/env bash
# Cost of isolation in `polsim batch`: 100 copies of scripts/plan_2024.lua run as a
# batch (one `polsim run` process per script, with records and a manifest) against
# the same work done by one script that runs the plan 100 times in a loop.
#   bench/bench_batch.sh [BUILD_DIR] [JOBS]     defaults: build, 2
# Run from the repository root.  Prints wall time, scripts per second, CPU time
# (user + system, children included) and the overhead per script.
set -u
BUILD=${1:-build}
JOBS=${2:-2}
N=100
POLSIM=$BUILD/polsim
[ -x "$POLSIM" ] || { echo "bench_batch.sh: $POLSIM is missing: build first" >&2; exit 1; }
[ -f scripts/plan_2024.lua ] || { echo "bench_batch.sh: run from the repository root" >&2; exit 1; }
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

mkdir -p "$TMP/scripts"
for k in $(seq -w 1 $N); do ln -s "$PWD/scripts/plan_2024.lua" "$TMP/scripts/p$k.lua"; done
# The loop: plan_2024.lua's body N times (model, plan, run, tables, two files).
cat >"$TMP/loop.lua" <<EOF
local yz = require("yangzhou")
for k = 1, $N do
  local m = polsim.model("models/yangzhou")
  local r = yz.plan(m):run()
  yz.target_table(r)
  polsim.growth_table(r, { "gdpr", "hcr", "fair", "retail", "rev", "loans" })
  polsim.table(r, { "gdp", "gdpr", "fai", "retail", "rev", "bal", "loans" })
  r:write(string.format("p%03d/plan_2024.json", k))
  r:write(string.format("p%03d/plan_2024.csv", k))
end
EOF

# measure NAME COMMAND...: the best of 3 runs, as "wall cpu" seconds.
measure() {
  local best="" i out
  for i in 1 2 3; do
    rm -rf "$TMP/out"
    out=$( { TIMEFORMAT='%R %U %S'; time "$@" >/dev/null 2>&1; } 2>&1 | tail -1)
    out=$(echo "$out" | awk '{printf "%.4f %.4f", $1, $2 + $3}')
    if [ -z "$best" ] || awk -v a="$out" -v b="$best" 'BEGIN{split(a,x," ");split(b,y," ");exit !(x[1]<y[1])}'; then
      best=$out
    fi
  done
  echo "$best"
}

batch=$(measure "$POLSIM" batch "$TMP"/scripts/*.lua -o "$TMP/out" -j "$JOBS" -q)
# Check that the batch did the work (every script ok) before reporting it.
"$POLSIM" batch "$TMP"/scripts/*.lua -o "$TMP/check" -j "$JOBS" -q | tail -1 | grep -q "^$N scripts: $N ok" ||
  { echo "bench_batch.sh: the batch did not run every script ok" >&2; exit 1; }
batch1=$(measure "$POLSIM" batch "$TMP"/scripts/*.lua -o "$TMP/out" -j 1 -q)
loop=$(measure "$POLSIM" run "$TMP/loop.lua" -o "$TMP/out")
resume=$(sh -c "'$POLSIM' batch '$TMP'/scripts/*.lua -o '$TMP/check' -j $JOBS -q --resume" >/dev/null 2>&1;
         measure "$POLSIM" batch "$TMP"/scripts/*.lua -o "$TMP/check" -j "$JOBS" -q --resume)

echo "polsim batch: $N copies of scripts/plan_2024.lua ($(nproc) cores; best of 3)"
printf "%-34s %9s %11s %10s %14s\n" "" "wall s" "scripts/s" "CPU s" "CPU ms/script"
row() {
  printf "%-34s %9.3f %11.1f %10.3f %14.2f\n" "$1" "${2% *}" "$(awk -v w="${2% *}" "BEGIN{print $N / w}")" \
    "${2#* }" "$(awk -v c="${2#* }" "BEGIN{print 1000 * c / $N}")"
}
row "batch -j $JOBS" "$batch"
row "batch -j 1" "$batch1"
row "one script, the plan $N times" "$loop"
row "batch -j $JOBS --resume (all kept)" "$resume"
awk -v b="${batch1% *}" -v l="${loop% *}" -v cb="${batch#* }" -v cl="${loop#* }" -v n=$N 'BEGIN {
  printf "\noverhead per script: %.2f ms wall (batch -j 1 vs the loop), %.2f ms CPU\n",
         1000 * (b - l) / n, 1000 * (cb - cl) / n }'
