#!/usr/bin/env bash
# The source coverage each libFuzzer harness reaches (docs/internals.md,
# "Fuzzing figures"): every harness's replay program (tests/fuzz/replay.c) is
# built with clang's source-based coverage (-fprofile-instr-generate
# -fcoverage-mapping, no sanitizers) and run on the harness's seeds, its kept
# crash inputs and the corpus `make fuzz` grew in build-fuzz/corpus/NAME; then
# llvm-cov reports the lines and branches reached in the code the harness is
# aimed at, and in the library's code linked into the harness.
# Needs clang, llvm-profdata and llvm-cov (Debian: clang, llvm).
# Usage: tools/fuzz-coverage.sh          (run `make fuzz` first for its corpora)
set -euo pipefail
cd "$(dirname "$0")/.."
B=${COVERAGE_BUILD:-build-coverage}
CORPUS=${FUZZ_BUILD:-build-fuzz}/corpus
for tool in clang llvm-profdata llvm-cov; do
  command -v $tool >/dev/null || { echo "fuzz-coverage: $tool is not installed" >&2; exit 2; }
done
flags="-fprofile-instr-generate -fcoverage-mapping"
cmake -S . -B "$B" -DCMAKE_C_COMPILER=clang -DCMAKE_BUILD_TYPE=Debug \
  -DCMAKE_C_FLAGS="$flags" -DCMAKE_EXE_LINKER_FLAGS="$flags" \
  -DPOLSIM_TESTS=ON -DPOLSIM_BENCH=OFF >/dev/null
harnesses=$(cd tests/fuzz && ls fuzz_*.c | sed 's/^fuzz_//; s/[.]c$//')
# shellcheck disable=SC2046
cmake --build "$B" -j "${JOBS:-2}" --target $(printf 'replay_%s ' $harnesses) >/dev/null

# The code each harness is aimed at (what its reader is made of), as a regular
# expression on the source path.
target_code() {
  case $1 in
    model) echo 'engine/src/model/[^/]*[.]c$' ;;
    csv) echo 'engine/src/frame/csv_(lex|read)[.]c$' ;;
    result_json) echo 'engine/src/output/result_json_read[.]c$' ;;
    period) echo 'engine/src/period/[^/]*[.]c$' ;;
    mod) echo 'engine/src/dynare/[^/]*[.]c$' ;;
    lua) echo 'engine/src/lua/[^/]*[.]c$' ;;
    *) echo 'engine/src/.*[.]c$' ;;
  esac
}
# "lines covered/lines (pct)  branches covered/branches (pct)" summed over the
# files of llvm-cov's per-file report whose path matches REGEX.
totals() { # REGEX llvm-cov-arguments...
  local re=$1
  shift
  llvm-cov report "$@" 2>/dev/null | awk -v re="$re" '$1 ~ re && NF >= 13 {
      l += $8; lm += $9; b += $11; bm += $12 }
    END { printf "%d/%d (%.1f%%)  %d/%d (%.1f%%)", l - lm, l, l ? 100 * (l - lm) / l : 0,
                  b - bm, b, b ? 100 * (b - bm) / b : 0 }'
}

printf '%-12s %8s  %-28s %-24s  %s\n' harness inputs "target lines" "target branches" "library lines"
for h in $harnesses; do
  dirs=("tests/fuzz/seeds/$h")
  [ -d "tests/fuzz/crashes/$h" ] && dirs+=("tests/fuzz/crashes/$h")
  [ -d "$CORPUS/$h" ] && dirs+=("$CORPUS/$h")
  inputs=$(find "${dirs[@]}" -type f | wc -l)
  rm -f "$B/cov-$h".*.profraw
  LLVM_PROFILE_FILE="$B/cov-$h.%p.profraw" "$B/tests/replay_$h" "${dirs[@]}" >/dev/null 2>&1 || {
    echo "fuzz-coverage: replay_$h failed on its inputs (run it by hand: $B/tests/replay_$h ${dirs[*]})" >&2
    exit 1
  }
  llvm-profdata merge -sparse "$B/cov-$h".*.profraw -o "$B/cov-$h.profdata"
  prof=(-instr-profile="$B/cov-$h.profdata" "$B/tests/replay_$h")
  target=$(totals "$(target_code "$h")" "${prof[@]}")
  lib=$(totals 'engine/src/.*[.]c$' "${prof[@]}" | cut -d' ' -f1-2)
  printf '%-12s %8s  %-28s %-24s  %s\n' "$h" "$inputs" "${target%%  *}" "${target#*  }" "$lib"
done
