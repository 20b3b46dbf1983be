#!/bin/sh
# Run polsim's engine benchmarks (what `make bench` does).
#   bench/run.sh [BUILD_DIR]        default BUILD_DIR: build (a Release build)
# Each benchmark prints its own table and goals; see bench/README.md.  The
# exit status is non-zero when a benchmark failed (not when a goal is missed).
set -u
BUILD=${1:-build}
B="$BUILD/bench"
status=0
for exe in bench_engine bench_bigblock bench_vm bench_project; do
    if [ ! -x "$B/$exe" ]; then
        echo "bench/run.sh: $B/$exe is missing: build first (cmake --build $BUILD)" >&2
        exit 1
    fi
done
echo "== bench_engine: cost vs model size"
"$B/bench_engine" || status=1
echo
echo "== bench_bigblock: one 2,000-equation simultaneous block"
"$B/bench_bigblock" || status=1
echo
echo "== bench_vm: bytecode VM vs hand-written C"
"$B/bench_vm" || status=1
echo
echo "== bench_project: from files, through the project layer"
"$B/bench_project" || status=1
exit $status
