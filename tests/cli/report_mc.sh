#!/usr/bin/env bash
# polsim report with a Monte Carlo file (docs/report.md, "Uncertainty"):
# fan charts and the probability of each target, rendered in headless
# Chromium by tests/report/render.mjs.  Needs what tests/cli/report.sh needs.
#
# Closed forms, Keynesian cross (models/examples/keynes, mpc = 0.6, t = 150,
# i = 200 held), c0 ~ N(40, 5), g ~ N(180, 3) per period:
#   y = (c0 + 110 + g) / 0.4 ~ N(825, sqrt(34) / 0.4 = 14.5774)
#   c = 2.5 c0 + 1.5 g + 75 ~ N(445, sqrt(176.5) = 13.2853)
# Targets: y growth 2025 >= 0 % (y >= 828, the 2024 history):
#            P = 1 - Phi(3 / 14.5774) = 1 - Phi(0.20580) = 0.41847
#          y 2026 >= 840: P = 1 - Phi(1.02899) = 0.15174
#          c 2026 >= 450 (c not kept: bracketed): P = 1 - Phi(0.37636) = 0.35332
# At 100,000 draws the standard error of a probability is at most 0.0016;
# the tolerance is 0.008 (5 standard errors).
source "$(dirname "$0")/lib.bash"
OUT=$(cd "$(dirname "$POLSIM")" && pwd)/report-test
mkdir -p "$OUT"
command -v node >/dev/null || { echo "FAIL report_mc: node is missing: run tools/deps-report.sh"; exit 1; }
unset POLSIM_ECHARTS

cat > "$TMP/k.lua" <<'LUA'
local m = polsim.model("models/examples/keynes")
local s = m:scenario("base", { from = 2025, to = 2027 })
s:run():write("base.json")
local mc = polsim.montecarlo(s, { draws = 100000, seed = 1, threads = 2,
  params = { c0 = { dist = "normal", mean = 40, sd = 5 } },
  exogenous = { g = { dist = "normal", mean = 180, sd = 3 } }, keep = { "y" } })
mc:write("mc.json")
LUA
check run 0 "" -- "$POLSIM" run "$TMP/k.lua" -o "$TMP/k"
printf 'variable,period,target,kind\ny,2025,0,growth\ny,2026,840,level\nc,2026,450,level\n' > "$TMP/t.csv"
check report 0 "with 1 Monte Carlo run \(fan charts, probability of each target\)" -- \
  "$POLSIM" report "$TMP/k" -o "$TMP/mc.html" --targets "$TMP/t.csv"
check section 0 "" -- grep -q '<section id="uncertainty">' "$TMP/mc.html"
check render 0 "0 failed" -- node tests/report/render.mjs "$TMP/mc.html" --screenshot "$OUT/montecarlo.png" \
  --charts 7 --fans 3 --prob y,2025,base,0.41847,0.008 --prob y,2026,base,0.15174,0.008 \
  --prob-range c,2026,base,0.35332
check same-bytes 0 "" -- bash -c "'$POLSIM' report '$TMP/k' -o '$TMP/mc2.html' --targets '$TMP/t.csv' >/dev/null && cmp '$TMP/mc.html' '$TMP/mc2.html'"
# Without targets: level and growth fans of the charted variables.
check report-no-targets 0 "with 1 Monte Carlo run \(fan charts\)" -- \
  "$POLSIM" report "$TMP/k" -o "$TMP/nt.html" --vars y
check render-no-targets 0 "0 failed" -- node tests/report/render.mjs "$TMP/nt.html" \
  --screenshot "$OUT/montecarlo_nt.png" --charts 4 --fans 2

# A Monte Carlo file of another model is refused, naming it.
cat > "$TMP/n.lua" <<'LUA'
local m = polsim.model("models/examples/nonlin")
polsim.montecarlo(m:scenario("base", { from = 2025, to = 2026 }), { draws = 10 }):write("other.json")
LUA
check run-other 0 "" -- "$POLSIM" run "$TMP/n.lua" -o "$TMP/n"
check other-model 4 "other.json: .*Monte Carlo run of model 'nonlin', but the results are of model 'keynes'" -- \
  "$POLSIM" report "$TMP/k/base.json" "$TMP/n/other.json" -o "$TMP/x.html"
# A broken file named on the command line: status 4, the file and what is wrong.
sed 's/"quantiles"/"quantilez"/' "$TMP/k/mc.json" > "$TMP/broken.json"
check broken 4 "broken.json: .*quantile 5 is missing" -- \
  "$POLSIM" report "$TMP/k/base.json" "$TMP/broken.json" -o "$TMP/x.html"
check nothing-written 1 "" -- test -e "$TMP/x.html"
finish
