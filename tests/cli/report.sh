#!/usr/bin/env bash
# polsim report: the HTML page, rendered in headless Chromium (docs/report.md).
# Needs node, the npm packages of package.json, chromium and a CJK font:
# tools/deps-report.sh --browser (run by `make test`) installs them, and this test fails (it does not skip) when they are missing.
#
# Hand-computed numbers, Keynesian cross (models/examples/keynes, mpc = 0.6,
# c0 = 40, add-factor 0 in projection): y = (c0 - mpc t + i + g) / (1 - mpc).
# 2024 history: y = 828, i = 200, g = 180, t = 150.
#   base      g = 180: y(2025) = (40 - 90 + 200 + 180) / 0.4 = 825
#   stimulus  g = 190: y(2025) = 850
# Growth 2025: base 100 (825/828 - 1) = -0.362318840579710 %,
#              stimulus 100 (850/828 - 1) = 2.657004830917874 %.
# Target y +3 % in 2025: gaps -3.362318840579710 and -0.342995169082126 pp.
# Level target y = 840 in 2026: gaps 825 - 840 = -15 and 850 - 840 = +10.
source "$(dirname "$0")/lib.bash"
K=models/examples/keynes
OUT=$(cd "$(dirname "$POLSIM")" && pwd)/report-test   # screenshots are kept here
mkdir -p "$OUT"

need() {
  echo "FAIL report: $1 is missing: run tools/deps-report.sh --browser (installs nodejs, npm, chromium, a CJK font and the npm packages)"
  failed=$((failed + 1))
  finish
  exit 1
}
command -v node >/dev/null || need "node"
[ -x "${POLSIM_CHROMIUM:-/usr/bin/chromium}" ] || need "chromium (${POLSIM_CHROMIUM:-/usr/bin/chromium})"
[ -f node_modules/echarts/dist/echarts.min.js ] || need "node_modules/echarts"
[ -d node_modules/playwright-core ] || need "node_modules/playwright-core"
unset POLSIM_ECHARTS

# --- Keynes: two scenarios, a targets file, hand-computed gaps -------------
mkdir -p "$TMP/k"
check solve-base 0 "wrote" -- "$POLSIM" solve $K --to 2027 --scenario base -o "$TMP/k/base.json"
check solve-stim 0 "wrote" -- "$POLSIM" solve $K --to 2027 --scenario stimulus --set g=190 -o "$TMP/k/stimulus.json"
printf 'variable,period,target,kind\ny,2025,3,growth\ny,2026,840,level\n' > "$TMP/k/targets.csv"
# A comparison in the folder is not a result: skipped, and said so.
printf '{"schema": "polsim.compare", "schema_version": 1}\n' > "$TMP/k/cmp.json"
check report-keynes 0 "wrote .*keynes.html: 2 scenarios, base base" -- \
  "$POLSIM" report "$TMP/k" -o "$TMP/keynes.html" --targets "$TMP/k/targets.csv" --title "Keynes <test>" --vars y,c,g
check read-once 0 "2 scenarios" -- "$POLSIM" report "$TMP/k/stimulus.json" "$TMP/k" -o "$TMP/k2.html"
check help-report 0 "Usage: polsim report" -- "$POLSIM" help report
check help-lists-report 0 "report +write an HTML report" -- "$POLSIM" --help
check report-skips 0 "skipping .*cmp.json: a polsim.compare file, not a result" -- \
  "$POLSIM" report "$TMP/k" -o "$TMP/keynes2.html"
H="$TMP/keynes.html"
check self-contained 1 "" -- grep -Eq '<script[^>]* src=|<link[^>]* href=' "$H"
check title-escaped 0 "Keynes &lt;test&gt;" -- grep -o "<h1>[^<]*</h1>" "$H"
# Assumptions: g differs over the whole projection, 180 in the base, 190 in the scenario.
check assumption-row 0 "" -- grep -q '<td>2025&ndash;2027</td><td class="num">180</td><td class="num">190</td><td class="num">10</td>' "$H"
check base-levers 0 "Levers of the base" -- cat "$H"
check gap-text 0 "" -- grep -q 'data-scenario="stimulus">-0.34</span>' "$H"
check same-bytes 0 "" -- bash -c "'$POLSIM' report '$TMP/k/base.json' '$TMP/k/stimulus.json' -o '$TMP/a.html' --targets '$TMP/k/targets.csv' --title 'Keynes <test>' --vars y,c,g >/dev/null 2>&1 && cmp '$TMP/a.html' '$H'"
check render-keynes 0 "0 failed" -- node tests/report/render.mjs "$H" --screenshot "$OUT/keynes.png" --charts 9 \
  --gap y,2025,base,-3.36231884057971 --gap y,2025,stimulus,-0.342995169082126 \
  --gap y,2026,base,-15 --gap y,2026,stimulus,10 --tol 1e-9

# --- Yangzhou: the lever families of scripts/combined.lua, the 2024 targets -
check run-combined 0 "" -- "$POLSIM" run scripts/combined.lua -o "$TMP/yz"
check report-yangzhou 0 "6 scenarios, base plan_2024" -- \
  "$POLSIM" report "$TMP/yz" -o "$TMP/yz/report.html" --base plan_2024 --targets models/yangzhou/targets_2024.csv
# The GDP gap, computed here from the result file by node, not by polsim.
gdp_gap=$(node -e '
  const r = JSON.parse(require("fs").readFileSync(process.argv[1]));
  const t = r.periods.indexOf("2024"), g = r.series.gdpr;
  console.log(100 * (g[t] / g[t - 1] - 1) - 6);' "$TMP/yz/plan_2024.json")
check render-yangzhou 0 "0 failed" -- node tests/report/render.mjs "$TMP/yz/report.html" \
  --screenshot "$OUT/yangzhou.png" --charts 27 --gap "gdpr,2024,plan_2024,$gdp_gap" --tol 1e-9

# --- Errors ------------------------------------------------------------------
check no-output 2 "missing -o" -- "$POLSIM" report "$TMP/k"
check no-input 2 "give result files" -- "$POLSIM" report -o "$TMP/x.html"
check bad-option 2 "unknown option '--frob'" -- "$POLSIM" report "$TMP/k" -o "$TMP/x.html" --frob
check missing-input 4 "nope.json: error: no such file" -- "$POLSIM" report "$TMP/nope.json" -o "$TMP/x.html"
check not-a-result 4 "cmp.json: error: a polsim.compare file, not a result" -- "$POLSIM" report "$TMP/k/cmp.json" -o "$TMP/x.html"
mkdir -p "$TMP/empty"
check empty-folder 4 "holds no result" -- "$POLSIM" report "$TMP/empty" -o "$TMP/x.html"
check unknown-base 2 "--base nobody: no result has that scenario name; the scenarios are: base stimulus" -- \
  "$POLSIM" report "$TMP/k" -o "$TMP/x.html" --base nobody
check vars-typo 2 "no variable 'yy'.*did you mean 'y'" -- "$POLSIM" report "$TMP/k" -o "$TMP/x.html" --vars c,yy
printf 'variable,period,target\ny,2025,3\nyy,2025,3\n' > "$TMP/t1.csv"
check target-typo 4 "t1.csv:3: error: 'yy' is not a variable.*did you mean 'y'" -- \
  "$POLSIM" report "$TMP/k" -o "$TMP/x.html" --targets "$TMP/t1.csv"
printf 'variable,period,target\ny,2031,3\n' > "$TMP/t2.csv"
check target-period 4 "t2.csv:2: error: y: period 2031 is outside the periods of the results \(2015 to 2027\)" -- \
  "$POLSIM" report "$TMP/k" -o "$TMP/x.html" --targets "$TMP/t2.csv"
printf 'variable,period,target\ny,2025,3%%\n' > "$TMP/t3.csv"
check target-number 4 "t3.csv:2: error: target '3%' of 'y' is not a number" -- \
  "$POLSIM" report "$TMP/k" -o "$TMP/x.html" --targets "$TMP/t3.csv"
check other-model 4 "only results of the same model" -- \
  "$POLSIM" report "$TMP/k/base.json" "$TMP/yz/plan_2024.json" -o "$TMP/x.html"
check echarts-env 4 "POLSIM_ECHARTS is '/nonexistent/e.js', which cannot be read" -- \
  env POLSIM_ECHARTS=/nonexistent/e.js "$POLSIM" report "$TMP/k" -o "$TMP/x.html"
printf 'not the library\n' > "$TMP/fake.js"
check echarts-fake 4 "fake.js: error: this is not Apache ECharts" -- \
  env POLSIM_ECHARTS="$TMP/fake.js" "$POLSIM" report "$TMP/k" -o "$TMP/x.html"
# Run from a folder with no node_modules, with the program where none is beside it.
mkdir -p "$TMP/bin" && cp "$POLSIM" "$TMP/bin/polsim"
check echarts-missing 4 "cannot find the charting library echarts.min.js.*tools/deps-report.sh" -- \
  bash -c "cd '$TMP' && bin/polsim report k -o x.html"
check nothing-written 1 "" -- test -e "$TMP/x.html"
check output-folder 0 "wrote" -- "$POLSIM" report "$TMP/k/base.json" -o "$TMP/new/sub/r.html"

finish
