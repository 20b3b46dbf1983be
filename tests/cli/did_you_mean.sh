#!/usr/bin/env bash
# "Did you mean": one rule wherever a name is looked up (util/editdist.h): a
# name that differs only in case, else the nearest within two edits (one for
# names of three characters or fewer), never one that changes every
# character typed.  The expected hints are the names of the Keynesian cross
# (models/examples/keynes: y, c, i, g, t, c0, mpc) and polsim's documented
# commands and options (docs/cli.md), chosen by hand for each typo.
source "$(dirname "$0")/lib.bash"
K=models/examples/keynes
KA=$(pwd)/$K

# ---- the command line: commands and options ----
check cmd-typo 2 "unknown command 'slove' \(did you mean 'solve'\?\)" -- "$POLSIM" slove $K
check help-typo 2 "no command 'raport' \(did you mean 'report'\?\)" -- "$POLSIM" help raport
check cmd-unrelated 2 "unknown command 'frobnicate'; try" -- "$POLSIM" frobnicate
check opt-swap 2 "unknown option '--form' \(did you mean '--from'\?\)" -- "$POLSIM" solve $K --form 2025
check opt-value-kept 2 "unknown option '--form=2025' \(did you mean '--from'\?\)" -- \
  "$POLSIM" solve $K --form=2025
check opt-case 2 "unknown option '--Base' \(did you mean '--base'\?\)" -- "$POLSIM" compare a b --Base x
check opt-missing-dash 2 "unknown option '--dryrun' \(did you mean '--dry-run'\?\)" -- \
  "$POLSIM" batch --dryrun x.lua
check opt-steady 2 "unknown option '--max-iters' \(did you mean '--max-iter'\?\)" -- \
  "$POLSIM" steady $K --max-iters 5
check opt-import 2 "unknown option '--ouput' \(did you mean '--output'\?\)" -- "$POLSIM" import x.mod --ouput d
# a one-letter option is never "one edit" from another: no hint
check opt-short-no-hint 2 "unknown option '-q'$" -- "$POLSIM" run -q x.lua
check opt-flag-value 2 "option --growth takes no value" -- "$POLSIM" compare a b --growth=1

# ---- model names on the command line ----
check info-var 2 "model 'keynes' has no variable 'mcp' \(did you mean 'mpc'\?\)" -- "$POLSIM" info $K mcp
check solve-set 2 "--set: model 'keynes' has no variable 'G' \(did you mean 'g'\?\)" -- \
  "$POLSIM" solve $K --set G=1
check solve-vars 2 "--vars: no variable 'cc' \(did you mean 'c'\?\)" -- "$POLSIM" solve $K --vars y,cc
check solve-target 2 "--target: model 'keynes' has no variable 'Y' \(did you mean 'y'\?\)" -- \
  "$POLSIM" solve $K --target Y@2025=900 --instrument g@2025
check steady-set 2 "has no variable or parameter 'c00' \(did you mean 'c0'\?\)" -- \
  "$POLSIM" steady $K --set c00=1
# nothing within reach: no hint
check solve-set-far 2 "has no variable 'income'$" -- "$POLSIM" solve $K --set income=1

# ---- results: compare and report, --vars and --base ----
"$POLSIM" solve $K --from 2025 --to 2026 --scenario baseline -o $TMP/a.json >/dev/null
"$POLSIM" solve $K --from 2025 --to 2026 --scenario high --set g=200 -o $TMP/b.json >/dev/null
check compare-vars 2 "the base scenario has no variable 'yy' \(did you mean 'y'\?\)" -- \
  "$POLSIM" compare $TMP/a.json $TMP/b.json --vars yy
check compare-base 2 "--base 'basline': no such scenario or file \(did you mean 'baseline'\?\)" -- \
  "$POLSIM" compare $TMP/a.json $TMP/b.json --base basline
check report-vars 2 "no variable 'C' in the results.*\(did you mean 'c'\?\)" -- \
  "$POLSIM" report $TMP/a.json $TMP/b.json --vars C -o $TMP/r.html
check report-base 2 "--base hihg: no result has that scenario name \(did you mean 'high'\?\)" -- \
  "$POLSIM" report $TMP/a.json $TMP/b.json --base hihg -o $TMP/r.html

# ---- the model file ----
mkdir -p $TMP/m
printf 'model m annual;\nendogenous gdp;\nexogenous gov;\nparameter mpc = 0.5;\nequation [e] gdp = mcp * gdp(-1) + gov;\n' >$TMP/m/m.model
check model-name 3 "m.model:5:.*undeclared name 'mcp' \(did you mean 'mpc'\?\)" -- "$POLSIM" check $TMP/m
printf 'model m annual;\nendogenous gdp;\nexogenous gov;\nequation [e] Gdp = 2 * gov;\n' >$TMP/m/m.model
check model-left-side 3 "undeclared name 'Gdp' \(did you mean 'gdp'\?\) on the left side" -- "$POLSIM" check $TMP/m
printf 'model m annual;\nendogenous gdp;\nexogenous gov;\nequation [e] gdp = lgo(gov);\n' >$TMP/m/m.model
check model-function 3 "unknown function 'lgo'; did you mean 'log'\?" -- "$POLSIM" check $TMP/m

# ---- scripts: the Lua API ----
lua() { printf '%s\n' "$1" >$TMP/s.lua; "$POLSIM" run $TMP/s.lua -o $TMP/out; }
S="local m = polsim.model(\"$KA\"); local s = m:scenario(\"a\", { from = 2025, to = 2025 })"
check lua-global 6 "undefined global 'pirnt' \(did you mean 'print'\?\)" -- lua "pirnt(1)"
check lua-global-case 6 "undefined global 'Polsim' \(did you mean 'polsim'\?\)" -- lua "Polsim.model('x')"
check lua-set 6 "model 'keynes' has no variable 'gg' \(did you mean 'g'\?\)" -- lua "$S; s:set('gg', 2025, 1)"
check lua-method 6 "polsim.Scenario has no field or method 'sett' \(did you mean 'set'\?\)" -- lua "$S; s:sett('g', 2025, 1)"
check lua-result-var 6 "has no method, field or variable 'Y' \(did you mean 'y'\?\)" -- lua "$S; print(s:run().Y)"
check lua-result-method 6 "has no method, field or variable 'serie' \(did you mean 'series'\?\)" -- \
  lua "$S; print(s:run().serie)"
check lua-result-get 6 "result has no variable 'cc' \(did you mean 'c'\?\)" -- lua "$S; s:run():get('cc', 2025)"
finish
