#!/bin/sh
# Run polsim's engine benchmarks (what `make bench` does).
#   bench/run.sh [BUILD_DIR]        default BUILD_DIR: build (a Release build)
# Each benchmark prints its own table and goals; see bench/README.md.  The
# exit status is non-zero when a benchmark failed (not when a goal is missed).
set -u
BUILD=${1:-build}
B="$BUILD/bench"
status=0
for exe in bench_engine bench_bigblock bench_vm bench_project bench_yangzhou bench_lua bench_io bench_peer_nonlin bench_targets bench_attribute; do
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
echo
echo "== bench_yangzhou: one 2024-2030 projection of the Yangzhou model"
"$B/bench_yangzhou" || status=1
echo
echo "== bench_attribute: Shapley over 8 Yangzhou lever groups vs plain runs; sweep; tornado"
"$B/bench_attribute" || status=1
echo
echo "== bench_lua: scenario runs from Lua vs from C"
"$B/bench_lua" || status=1
echo
echo "== bench_montecarlo: 100,000 Yangzhou draws vs one run, 1 and 2 threads"
"$B/bench_montecarlo" || status=1
echo
echo "== bench_process: whole polsim processes (polsim run scripts/plan_2024.lua)"
bash bench/bench_process.sh "$BUILD" || status=1
echo
echo "== bench_io: CSV and JSON read/write"
"$B/bench_io" || status=1
echo
echo "== bench_batch: 100 plan scripts through polsim batch -j 2"
bash bench/bench_batch.sh "$BUILD" 2 || status=1
echo
echo "== bench_targets: a target solve with one instrument on Yangzhou vs a plain run"
"$B/bench_targets" || status=1
echo
echo "== peers: the nonlinear example in Dynare (Octave) and polsim, side by side"
bash bench/peers/run.sh "$BUILD" || status=1
echo
echo "== peers, forward-looking: four models with leads in Dynare and polsim; stacked-solve scaling"
bash bench/peers/run_fwd.sh "$BUILD" || status=1
exit $status
