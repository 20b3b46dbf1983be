#!/usr/bin/env bash
# `make fuzz`: build the libFuzzer harnesses (tests/fuzz/fuzz_*.c) with clang and
# run each for FUZZ_SECONDS (default 60) from its seeds, then print executions
# and coverage per harness.  Findings are left in BUILD/crashes/NAME/; once the
# bug is fixed, copy the file to tests/fuzz/crashes/NAME/ so that every test run
# replays it (tests/CMakeLists.txt).  Exit status 1 when a harness found something.
set -uo pipefail
cd "$(dirname "$0")/.."
SECS=${FUZZ_SECONDS:-60}
B=${FUZZ_BUILD:-build-fuzz}
if ! command -v clang >/dev/null; then
  echo "fuzz: clang is not installed (apt-get install clang)" >&2
  exit 2
fi
cmake -S . -B "$B" -DCMAKE_C_COMPILER=clang -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DPOLSIM_FUZZ=ON -DPOLSIM_TESTS=OFF -DPOLSIM_BENCH=OFF >/dev/null || exit 2
harnesses=$(cd tests/fuzz && ls fuzz_*.c | sed 's/\.c$//')
# shellcheck disable=SC2086
cmake --build "$B" -j "${JOBS:-2}" --target $harnesses >/dev/null || exit 2
found=0
printf '%-12s %10s %8s %8s %8s  %s\n' harness runs "exec/s" cov ft result
for h in $harnesses; do
  name=${h#fuzz_}
  mkdir -p "$B/corpus/$name" "$B/crashes/$name"
  args=("$B/corpus/$name" "tests/fuzz/seeds/$name" -max_total_time="$SECS" -timeout=10
        -artifact_prefix="$B/crashes/$name/" -print_final_stats=1)
  [ -f "tests/fuzz/$name.dict" ] && args+=(-dict="tests/fuzz/$name.dict")
  log="$B/fuzz-$name.log"
  "$B/$h" "${args[@]}" >"$log" 2>&1
  rc=$?
  runs=$(sed -n 's/^Done \([0-9]*\) runs.*/\1/p' "$log" | tail -1)
  rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -1)
  cov=$(grep -o 'cov: [0-9]*' "$log" | tail -1 | cut -d' ' -f2)
  ft=$(grep -o 'ft: [0-9]*' "$log" | tail -1 | cut -d' ' -f2)
  result=ok
  if [ $rc -ne 0 ]; then
    result="FINDING (see $log, $B/crashes/$name/)"
    found=1
  fi
  printf '%-12s %10s %8s %8s %8s  %s\n' "$name" "${runs:--}" "${rate:--}" "${cov:--}" "${ft:--}" "$result"
done
exit $found
