#!/usr/bin/env bash
# Dynare .mod files on the command line (docs/dynare.md): check, info, steady,
# solve X.mod -o out.csv against the CSV Dynare wrote, import and the imported
# folder solved to the same numbers, and refusals with file:line:col.
source "$(dirname "$0")/lib.bash"
D=tests/fixtures/dynare

# largest |a - b| / max(|b|, 1) over the common columns of two CSV files, rows in order
maxdiff() {
  awk -F, 'NR == FNR { if (FNR == 1) { for (i = 1; i <= NF; i++) col[$i] = i; next }
                       for (i = 1; i <= NF; i++) ref[FNR, i] = $i; nref = FNR; next }
           FNR == 1 { for (i = 2; i <= NF; i++) map[i] = col[$i]; next }
           { for (i = 2; i <= NF; i++) if (map[i]) { b = ref[FNR, map[i]]; d = $i - b; if (d < 0) d = -d
               s = b < 0 ? -b : b; if (s < 1) s = 1; if (d / s > w) w = d / s } ; n = FNR }
           END { if (n != nref) { print "rows differ: " n " vs " nref; exit 1 } printf "%.3g\n", w }' "$2" "$1"
}
under() { awk -v x="$1" -v lim="$2" 'BEGIN { exit !(x + 0 <= lim + 0) }'; }

check check-mod 0 "max lead: +2" -- "$POLSIM" check $D/plain/nk.mod
check info-mod 0 "lc +endogenous" -- "$POLSIM" info $D/plain/logs.mod
check steady-mod 0 "^c +2\.30661723" -- "$POLSIM" steady $D/plain/rbc_temporary.mod --set z=0 --set k=30 --set c=2

for f in rbc_temporary rbc_permanent nk logs nonlin wedge lagtwo lagtwo_partial rbc_histval; do
  check "solve-$f" 0 "wrote" -- "$POLSIM" solve $D/plain/$f.mod -o "$TMP/$f.csv" --tol 1e-12
  w=$(maxdiff "$TMP/$f.csv" $D/$f.csv)
  check "dynare-$f" 0 "" -- under "$w" 1e-8
done
check solve-mod-header 0 "^period,c,k,y,z$" -- head -1 "$TMP/rbc_temporary.csv"
check solve-mod-row0 0 "^2000,2\.30661723198" -- sed -n 2p "$TMP/rbc_temporary.csv"
# docs/dynare.md's worked example: the CSV on standard output, default tolerance
check solve-mod-stdout 0 "^2001,2\.32153486120" -- sh -c "'$POLSIM' solve $D/plain/rbc_temporary.mod | sed -n 3p"
check solve-mod-from 2 "do not apply to a .mod file" -- "$POLSIM" solve $D/plain/nk.mod --from 2001

check import 0 "wrote $TMP/logs/logs.model" -- "$POLSIM" import $D/plain/logs.mod -o "$TMP/logs"
check import-sources 0 "polsim solve DIR --from 2001 --to 2120" -- cat "$TMP/logs/SOURCES.md"
check import-solve 0 "wrote" -- "$POLSIM" solve "$TMP/logs" --from 2001 --to 2120 -o "$TMP/logs_imp.csv" --tol 1e-12
# the folder's result has no terminal row: compare its rows with Dynare's first 121
head -122 $D/logs.csv > "$TMP/logs_ref.csv"
w=$(maxdiff "$TMP/logs_imp.csv" "$TMP/logs_ref.csv")
check import-same-numbers 0 "" -- under "$w" 1e-8
# lags of 2: the folder's history starts at period -1 (1999), histval's value there
check import-lagtwo 0 "wrote" -- "$POLSIM" import $D/plain/lagtwo.mod -o "$TMP/lagtwo"
check import-lagtwo-history 0 "^1999,1,0,2\.5,0$" -- sed -n 2p "$TMP/lagtwo/history.csv"
check import-lagtwo-solve 0 "wrote" -- "$POLSIM" solve "$TMP/lagtwo" --from 2001 --to 2060 -o "$TMP/lagtwo_imp.csv" --tol 1e-12
# its result starts at 1999; compare 2000-2060 with Dynare's rows
{ head -1 "$TMP/lagtwo_imp.csv"; sed 1,2d "$TMP/lagtwo_imp.csv"; } > "$TMP/lagtwo_imp0.csv"
head -62 $D/lagtwo.csv > "$TMP/lagtwo_ref.csv"
w=$(maxdiff "$TMP/lagtwo_imp0.csv" "$TMP/lagtwo_ref.csv")
check import-lagtwo-same-numbers 0 "" -- under "$w" 1e-8
# histval with steady: histval leaves c and y at 0 in period 0, so the folder
# carries Dynare's starting paths (the steady state at initval) from 2001 on
check import-histval 0 "wrote" -- "$POLSIM" import $D/plain/rbc_histval.mod -o "$TMP/rbc_histval"
check import-histval-seeded 0 "^2001,2\.30661723" -- sed -n 3p "$TMP/rbc_histval/history.csv"
check import-histval-sources 0 "Dynare's starting values" -- cat "$TMP/rbc_histval/SOURCES.md"
check import-histval-solve 0 "wrote" -- "$POLSIM" solve "$TMP/rbc_histval" --from 2001 --to 2100 -o "$TMP/rbc_histval_imp.csv" --tol 1e-12
head -102 $D/rbc_histval.csv > "$TMP/rbc_histval_ref.csv"
w=$(maxdiff "$TMP/rbc_histval_imp.csv" "$TMP/rbc_histval_ref.csv")
check import-histval-same-numbers 0 "" -- under "$w" 1e-8
check import-no-output 2 "missing -o DIR" -- "$POLSIM" import $D/plain/logs.mod
check import-not-mod 2 "not a Dynare file" -- "$POLSIM" import $D/logs.model -o "$TMP/x"

printf 'var y;\nvarexo e;\nmodel;\ny = 0.5*y(-1) + e;\nend;\nstoch_simul(order=1);\n' > "$TMP/bad.mod"
check refuse-stoch 3 "bad.mod:6:1: .*'stoch_simul' is outside the deterministic subset" -- "$POLSIM" check "$TMP/bad.mod"
# Solver options are range-checked (a fuzzed maxit of 2e54 once overflowed an int).
printf 'var y;\nmodel;\ny = 1;\nend;\nperfect_foresight_setup(periods=5);\nperfect_foresight_solver(maxit=2e54);\n' > "$TMP/maxit.mod"
check refuse-maxit 3 "maxit.mod:6:32: error: maxit must be a whole number from 1 to 100000" -- "$POLSIM" check "$TMP/maxit.mod"
printf 'var y;\nmodel;\ny = 1;\nend;\nperfect_foresight_setup(periods=5);\nperfect_foresight_solver(tolf=0);\n' > "$TMP/tolf.mod"
check refuse-tolf 3 "tolf.mod:6:31: error: tolf must be a positive number" -- "$POLSIM" check "$TMP/tolf.mod"
# histval: a period the lags never read, and histval with endval (Dynare refuses it too)
printf 'var y;\nvarexo e;\nmodel;\ny = 0.5*y(-1) + 0.2*y(-2) + e;\nend;\nhistval;\ny(0) = 1;\ny(-2) = 1;\nend;\nperfect_foresight_setup(periods=5);\nperfect_foresight_solver;\n' > "$TMP/deep.mod"
check refuse-histval-deep 3 "deep.mod:8:3: error: histval gives period -2, but the deepest lag in the model is 2" -- "$POLSIM" solve "$TMP/deep.mod"
printf 'var y;\nvarexo e;\nmodel;\ny = 0.5*y(-1) + e;\nend;\nhistval;\ny(0) = 1;\nend;\nendval;\ne = 1;\nend;\nperfect_foresight_setup(periods=5);\nperfect_foresight_solver;\n' > "$TMP/he.mod"
check refuse-histval-endval 3 "he.mod:9:1: error: histval and endval cannot be used together" -- "$POLSIM" solve "$TMP/he.mod"
check refuse-macro 3 "nonlin.mod:20:1: .*macro processor" -- "$POLSIM" check bench/peers/nonlin.mod
check import-refused-nothing-written 1 "" -- test -e "$TMP/never"
"$POLSIM" import "$TMP/bad.mod" -o "$TMP/never" >/dev/null 2>&1
check import-refused-status 1 "" -- test -e "$TMP/never"
finish
