#!/usr/bin/env bash
# Forward-looking models in Dynare (perfect_foresight_solver under Octave) and
# in polsim (the stacked solver), side by side: the four cross-check models of
# tests/fixtures/dynare/ (their .mod files and polsim twins), per solve and as
# whole processes, then the scaling of one stacked solve with the horizon and
# the model size (bench_stacked scale).  See README.md.
#
# Usage: bench/peers/run_fwd.sh [build-dir]
# Environment: DYNARE_REPEAT (default 5) solves averaged in Dynare, POLSIM_REPEAT
# (default 200) in polsim, PROCESS_REPEAT (default 10) polsim processes timed;
# DYNARE_MATLAB (default /usr/lib/dynare/matlab).
# Dynare runs with its default tolerances here (tolf 1e-5); polsim with its
# default (1e-10 scaled), so polsim's paths are the more accurate ones.
# Processes are timed by wall clock and by CPU (user + system, from `times`),
# which a busy machine distorts less.
set -euo pipefail

root=$(cd "$(dirname "$0")/../.." && pwd)
build=${1:-${POLSIM_BUILD_DIR:-$root/build}}
dynare_dir=${DYNARE_MATLAB:-/usr/lib/dynare/matlab}
dynare_repeat=${DYNARE_REPEAT:-5}
polsim_repeat=${POLSIM_REPEAT:-200}
process_repeat=${PROCESS_REPEAT:-10}
bench_exe=$build/bench/bench_stacked
polsim=$build/polsim
fx=$root/tests/fixtures/dynare
for exe in "$bench_exe" "$polsim"; do
    [ -x "$exe" ] || { echo "run_fwd.sh: $exe not found; build first" >&2; exit 1; }
done
if ! command -v octave >/dev/null 2>&1 || [ ! -f "$dynare_dir/dynare.m" ]; then
    echo "run_fwd.sh: Octave and Dynare are needed (see bench/peers/run.sh, which installs them)" >&2
    exit 1
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

field() { sed -n "s/.*$1=\([^ ]*\).*/\1/p" <<<"$2"; }
human() { awk -v s="$1" 'BEGIN {
    if (s >= 1) printf "%.3g s", s; else if (s >= 1e-3) printf "%.3g ms", s * 1e3;
    else printf "%.3g us", s * 1e6 }'; }
now() { date +%s.%N; }
# CPU seconds (user + system) of the finished children of this shell so far:
# a loaded machine stretches wall times, much less CPU times.
# (`times` runs in this shell, writing to a file: in a pipe or $(...) it would
# report a fresh subshell's.)
cpu_children() {
    times >"$work/times"
    awk 'NR == 2 { gsub(/s/, ""); split($1, u, /m/); split($2, s, /m/)
        print u[1] * 60 + u[2] + s[1] * 60 + s[2] }' "$work/times"
}

# history.csv for the polsim twin from Dynare's CSV: the initial row whole,
# then the exogenous columns only (Dynare's auxiliary variables dropped).
history_from() {
    local csv=$1 model=$2 out=$3
    local exo
    exo=$(sed -n 's/^exogenous \([A-Za-z_0-9]*\).*/\1/p' "$model" | tr '\n' ' ')
    awk -F, -v exo="$exo" '
        NR == 1 { n = split(exo, e, " "); for (k in e) isexo[e[k]] = 1
                  for (i = 1; i <= NF; i++) keep[i] = ($i !~ /^AUX_/)
                  for (i = 1; i <= NF; i++) { name[i] = $i; if (keep[i]) printf "%s%s", (i > 1 ? "," : ""), $i }
                  print ""; next }
        { for (i = 1; i <= NF; i++) if (keep[i]) {
              v = (NR == 2 || i == 1 || isexo[name[i]]) ? $i : ""
              printf "%s%s", (i > 1 ? "," : ""), v }
          print "" }' "$csv" > "$out"
}

printf '%-16s %5s %6s | %-20s %-20s %7s | %-18s %-18s %7s\n' model eqs per "Dynare solve (mean)" \
    "polsim solve (med.)" ratio "Dynare process" "polsim process" ratio
for spec in rbc:rbc_temporary:-DPERMANENT=0 rbc:rbc_permanent:-DPERMANENT=1 nk:nk: logs:logs: sectors:sectors:; do
    IFS=: read -r mod csv def <<<"$spec"
    cp "$fx/$mod.mod" "$fx/polsim_epilogue.inc" "$work/"
    (cd "$work" && octave --no-gui --quiet --eval \
        "addpath('$dynare_dir'); dynare $mod.mod -DREPEAT=$dynare_repeat -DTIGHT=0 $def" \
        >"$work/octave.log" 2>&1) || { cat "$work/octave.log" >&2; echo "run_fwd.sh: Dynare failed on $mod" >&2; exit 1; }
    dline=$(grep '^DYNARE_SOLVE_SECONDS' "$work/octave.log")
    d_mean=$(field mean "$dline")
    # the whole process: one more run with a single solve
    t0=$(now); cpu_children >"$work/c0"; c0=$(cat "$work/c0")
    (cd "$work" && octave --no-gui --quiet --eval \
        "addpath('$dynare_dir'); dynare $mod.mod -DREPEAT=1 -DTIGHT=0 $def" >/dev/null 2>&1)
    t1=$(now); cpu_children >"$work/c1"; c1=$(cat "$work/c1")
    d_proc=$(awk -v a="$t0" -v b="$t1" 'BEGIN { print b - a }')
    d_cpu=$(awk -v a="$c0" -v b="$c1" 'BEGIN { print b - a }')
    pout=$("$bench_exe" peer "$fx/$mod.model" "$fx/$csv.csv" "$polsim_repeat")
    pline=$(grep '^POLSIM_FWD_SECONDS' <<<"$pout")
    p_med=$(field median "$pline"); neq=$(field equations "$pline"); nper=$(field periods "$pline")
    # polsim as a whole process: polsim solve on the twin with its history
    mkdir -p "$work/p_$csv"
    sed 's/ quarterly;/ annual;/' "$fx/$mod.model" > "$work/p_$csv/$mod.model"
    history_from "$fx/$csv.csv" "$fx/$mod.model" "$work/p_$csv/history.csv"
    last=$((2000 + nper))
    t0=$(now); cpu_children >"$work/c0"; c0=$(cat "$work/c0")
    for _ in $(seq "$process_repeat"); do
        "$polsim" solve "$work/p_$csv" --from 2001 --to $last -o "$work/p_$csv/out.csv" >/dev/null
    done
    t1=$(now); cpu_children >"$work/c1"; c1=$(cat "$work/c1")
    p_proc=$(awk -v a="$t0" -v b="$t1" -v n="$process_repeat" 'BEGIN { print (b - a) / n }')
    p_cpu=$(awk -v a="$c0" -v b="$c1" -v n="$process_repeat" 'BEGIN { print (b - a) / n }')
    printf '%-16s %5s %6s | %-20s %-20s %6.0fx | %-18s %-18s %6.0fx\n' "$csv" "$neq" "$nper" \
        "$(human "$d_mean")" "$(human "$p_med")" "$(awk -v a="$d_mean" -v b="$p_med" 'BEGIN{print a/b}')" \
        "$(human "$d_proc") wall" "$(human "$p_proc") wall" "$(awk -v a="$d_proc" -v b="$p_proc" 'BEGIN{print a/b}')"
    printf '%-16s %5s %6s | %-20s %-20s %7s | %-18s %-18s %6.0fx\n' "" "" "" "" "" "" \
        "$(human "$d_cpu") CPU" "$(human "$p_cpu") CPU" "$(awk -v a="$d_cpu" -v b="$p_cpu" 'BEGIN{print a/b}')"
done
echo "(goals: >= 100x per solve, >= 50x per process; Dynare: $dynare_repeat solves averaged, default"
echo " tolerances; polsim: median of $polsim_repeat solves, tol 1e-10; a process = load, solve, write)"
echo
for n in 3 33 333; do
    bash "$fx/gen_sectors.sh" "$n" "$work/ring$n.mod" "$work/ring$n.model" ring
done
"$bench_exe" scale "$work/ring3.model" "$work/ring33.model" "$work/ring333.model"
