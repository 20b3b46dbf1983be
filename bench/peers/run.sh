#!/usr/bin/env bash
# Runs the nonlin model (bench/peers/nonlin.mod = models/examples/nonlin) on
# the same shocks in Dynare (under Octave) and in polsim, and prints side by
# side the time of one solve of the 40-year projection in each and the
# largest relative difference between their paths.  See README.md.
#
# Usage: bench/peers/run.sh [build-dir]     (default: $POLSIM_BUILD_DIR or build)
# Environment: DYNARE_REPEAT (default 10) and POLSIM_REPEAT (default 20000)
# solves to average over; DYNARE_MATLAB (default /usr/lib/dynare/matlab).
set -euo pipefail

root=$(cd "$(dirname "$0")/../.." && pwd)
build=${1:-${POLSIM_BUILD_DIR:-$root/build}}
dynare_dir=${DYNARE_MATLAB:-/usr/lib/dynare/matlab}
dynare_repeat=${DYNARE_REPEAT:-10}
polsim_repeat=${POLSIM_REPEAT:-20000}
bench_exe=$build/bench/bench_peer_nonlin

if [ ! -x "$bench_exe" ]; then
    echo "run.sh: $bench_exe not found; build first: cmake -S . -B $build && cmake --build $build" >&2
    exit 1
fi

# Dynare and Octave come from the distribution's packages.
if ! command -v octave >/dev/null 2>&1 || [ ! -f "$dynare_dir/dynare.m" ]; then
    echo "run.sh: installing the Debian packages octave and dynare (apt-get install -y --no-install-recommends octave dynare)"
    sudo=""
    if [ "$(id -u)" -ne 0 ]; then
        if command -v sudo >/dev/null 2>&1; then sudo=sudo; else
            echo "run.sh: need root to install octave and dynare; install them and rerun" >&2
            exit 1
        fi
    fi
    $sudo apt-get install -y --no-install-recommends octave dynare ||
        { $sudo apt-get update && $sudo apt-get install -y --no-install-recommends octave dynare; }
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp "$root/bench/peers/nonlin.mod" "$work/"

echo "Dynare: solving nonlin.mod $dynare_repeat times ..."
(cd "$work" && POLSIM_DYNARE_CSV="$work/dynare.csv" octave --no-gui --quiet --eval \
    "addpath('$dynare_dir'); dynare nonlin.mod -DREPEAT=$dynare_repeat" >"$work/octave.log" 2>&1) || {
    cat "$work/octave.log" >&2
    echo "run.sh: Dynare failed (log above)" >&2
    exit 1
}
dynare_version=$(sed -n 's/^Starting Dynare (version \(.*\))\./\1/p' "$work/octave.log")
octave_version=$(octave --version 2>/dev/null | sed -n '1s/.*version //p')
dline=$(grep '^DYNARE_SOLVE_SECONDS' "$work/octave.log")

echo "polsim: solving models/examples/nonlin $polsim_repeat times ..."
pout=$("$bench_exe" "$work/dynare.csv" "$polsim_repeat")

field() { sed -n "s/.*$1=\([^ ]*\).*/\1/p" <<<"$2"; }
d_mean=$(field mean "$dline"); d_min=$(field min "$dline"); d_first=$(field first "$dline")
pline=$(grep '^POLSIM_SOLVE_SECONDS' <<<"$pout")
p_mean=$(field mean "$pline"); p_min=$(field min "$pline")
read -r _ diff dvar dyear < <(grep '^POLSIM_MAX_REL_DIFF' <<<"$pout")
newton=$(sed -n 's/^POLSIM_NEWTON_ITERATIONS //p' <<<"$pout")

human() { awk -v s="$1" 'BEGIN {
    if (s >= 1) printf "%.3g s", s; else if (s >= 1e-3) printf "%.3g ms", s * 1e3;
    else printf "%.3g us", s * 1e6 }'; }

echo
echo "nonlin: 7 endogenous, 4 exogenous, 40 years (2025-2064), one 6-equation nonlinear block"
printf '%-34s %-26s %s\n' "" "Dynare ${dynare_version:-?} (Octave ${octave_version:-?})" "polsim"
printf '%-34s %-26s %s\n' "mean time of one solve" "$(human "$d_mean")" "$(human "$p_mean")"
printf '%-34s %-26s %s\n' "fastest solve" "$(human "$d_min")" "$(human "$p_min")"
printf '%-34s %-26s %s\n' "solves averaged" "$dynare_repeat (first: $(human "$d_first"))" "$polsim_repeat"
printf '%-34s %s\n' "largest relative difference" "$diff (at $dvar $dyear; |a-b|/max(|b|,1))"
printf '%-34s %s\n' "polsim Newton iterations" "$newton"
awk -v d="$d_mean" -v p="$p_mean" 'BEGIN { printf "%-34s %.0fx\n", "speed ratio (mean)", d / p }'
printf '%-34s %s\n' "Dynare largest equation residual" \
    "$(sed -n 's/^DYNARE_MAX_RESIDUAL //p' "$work/octave.log") (absolute; tolf=1e-12)"
