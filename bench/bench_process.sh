#!/usr/bin/env bash
# Whole-process time of `polsim run scripts/plan_2024.lua` (goal <= 30 ms), with
# two reference commands that show where a process's time goes:
#   polsim --version                   process start and exit (the floor)
#   polsim check models/yangzhou       + loading the model (parse, analyse, compile)
#   polsim run scripts/plan_2024.lua   + the Lua sandbox, the plan run, tables, files
#
#   bench/bench_process.sh [BUILD_DIR] [--runs N] [--install] [--loop]
#
# BUILD_DIR defaults to build (a Release build).  Uses hyperfine when it is
# installed; --install installs it first with apt-get (Debian package
# `hyperfine`; needs root).  Without hyperfine, or with --loop, the script
# times each run itself with bash's microsecond clock.  Runs from the
# repository root; the script's outputs go to a temporary folder.  Prints,
# per command, the median and minimum wall time and the mean CPU time (user +
# system: what a busy machine inflates least), and the goal; the exit status is
# non-zero only when a command fails.
set -u
cd "$(dirname "$0")/.." || exit 1
BUILD=build RUNS=100 INSTALL=0 LOOP=0
while [ $# -gt 0 ]; do
  case $1 in
    --runs) RUNS=${2:?--runs needs a number}; shift 2 ;;
    --install) INSTALL=1; shift ;;
    --loop) LOOP=1; shift ;;
    -h|--help) sed -n '2,17p' "$0"; exit 0 ;;
    *) BUILD=$1; shift ;;
  esac
done
POLSIM=$BUILD/polsim
if [ ! -x "$POLSIM" ]; then
  echo "bench_process.sh: $POLSIM is missing: build first (cmake --build $BUILD)" >&2
  exit 1
fi
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT
GOAL_MS=30

if ! command -v hyperfine > /dev/null && [ "$INSTALL" = 1 ]; then
  echo "bench_process.sh: hyperfine is not installed; installing it with apt-get (--install)"
  apt-get install -y hyperfine > /dev/null || echo "bench_process.sh: apt-get failed; timing without hyperfine"
fi

# time_hyperfine CMD...: "median min cpu" (ms) of CMD, via hyperfine's JSON
# (cpu: mean user + system time, which a busy machine inflates less).
time_hyperfine() {
  local json=$OUT/hf.json
  hyperfine --style none --warmup 5 --runs "$RUNS" -N --export-json "$json" \
    --output null -- "$*" > /dev/null 2>&1 ||
    hyperfine --style none --warmup 5 --runs "$RUNS" --export-json "$json" "$*" > /dev/null 2>&1 ||
    return 1
  awk -F'[:,]' '/"median"/ { med = $2 } /"min"/ { min = $2 }
                /"user"/ { usr = $2 } /"system"/ { sys = $2 }
                END { printf "%.2f %.2f %.2f\n", 1000 * med, 1000 * min, 1000 * (usr + sys) }' "$json"
}

# now_us: microseconds, without starting a process (bash >= 5), else date.
now_us() {
  if [ -n "${EPOCHREALTIME:-}" ]; then
    local t=${EPOCHREALTIME/[.,]/}
    echo "${t#0}"
  else
    echo $(( $(date +%s%N) / 1000 ))
  fi
}

# children_cpu_ms: user + system time of this shell's finished children (the
# `times` builtin's second line, "0m1.234s 0m0.056s").  `times` runs in this
# shell, not in a $(...) subshell, whose children's times start at zero.
children_cpu_ms() {
  times > "$OUT/times.txt"
  awk 'NR == 2 { split($1, u, /[ms]/); split($2, s, /[ms]/)
                 printf "%.3f\n", 1000 * (60 * (u[1] + s[1]) + u[2] + s[2]) }' "$OUT/times.txt"
}

# time_loop CMD...: "median min cpu" (ms) of RUNS runs timed one by one; cpu
# is the mean user + system time per run.
time_loop() {
  local times=$OUT/times i t0 t1 c0 c1
  : > "$times"
  for i in 1 2 3 4 5; do "$@" > /dev/null 2>&1 || return 1; done   # warm-up
  children_cpu_ms > "$OUT/c0"
  for ((i = 0; i < RUNS; i++)); do
    t0=$(now_us)
    "$@" > /dev/null 2>&1 || return 1
    t1=$(now_us)
    echo $((t1 - t0)) >> "$times"
  done
  children_cpu_ms > "$OUT/c1"
  read -r c0 < "$OUT/c0"
  read -r c1 < "$OUT/c1"
  sort -n "$times" | awk -v cpu="$(awk -v a="$c0" -v b="$c1" -v n="$RUNS" 'BEGIN { print (b - a) / n }')" '
    { v[NR] = $1 }
    END { m = NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
          printf "%.2f %.2f %.2f\n", m / 1000, v[1] / 1000, cpu }'
}

if [ "$LOOP" = 0 ] && command -v hyperfine > /dev/null; then
  how="hyperfine $(hyperfine --version | awk '{ print $2 }'), $RUNS runs after 5 warm-up runs"
  timer=time_hyperfine
else
  if [ -n "${EPOCHREALTIME:-}" ]; then clock="bash's EPOCHREALTIME"; else clock="date +%s%N"; fi
  how="$RUNS runs timed one by one with $clock"
  [ "$LOOP" = 1 ] || how="$how; hyperfine is not installed (--install gets it)"
  timer=time_loop
fi

echo "bench_process: whole polsim processes, wall time per run ($how)"
echo
printf '%-36s %10s %10s %10s   %s\n' "command" "median ms" "min ms" "cpu ms" "goal (median)"
status=0
row() {
  local name=$1 goal=$2 fig
  shift 2
  if ! fig=$($timer "$@"); then
    printf '%-36s failed: %s\n' "$name" "$*"
    status=1
    return
  fi
  set -- $fig
  if [ -n "$goal" ]; then
    verdict=$(awk -v m="$1" -v g="$goal" 'BEGIN { print (m <= g) ? "met" : "MISSED" }')
    printf '%-36s %10s %10s %10s   <= %s ms   %s\n' "$name" "$1" "$2" "$3" "$goal" "$verdict"
  else
    printf '%-36s %10s %10s %10s\n' "$name" "$1" "$2" "$3"
  fi
}
row "polsim --version" "" "$POLSIM" --version
row "polsim check models/yangzhou" "" "$POLSIM" check models/yangzhou
row "polsim run scripts/plan_2024.lua" "$GOAL_MS" "$POLSIM" run scripts/plan_2024.lua -o "$OUT/plan"
exit $status
