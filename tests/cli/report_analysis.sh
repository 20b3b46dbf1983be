#!/usr/bin/env bash
# polsim report with attribution and tornado files (docs/report.md,
# "Attribution and sensitivity"): waterfalls and tornado bars drawn in
# headless Chromium, their numbers against hand calculations.
#
# Keynesian cross (models/examples/keynes): y = (c0 - mpc t + i + g) / (1 - mpc),
# mpc = 0.6; 2024: y = 828.  The plan sets g 180 -> 200, t 150 -> 160,
# i 200 -> 205 in 2025-2027.  The model is linear, so each group's level
# contribution in 2025 is its multiplier times its change:
#   spend 2.5 x 20 = 50, tax -1.5 x 10 = -15, invest 2.5 x 5 = 12.5,
# and in growth (pp of 2025 over y(2024) = 828): 100 x 50 / 828 = 6.038647...
# The tornado of y in 2026: mpc 0.55 -> (40 - 82.5 + 380) / 0.45 = 750,
# 0.65 -> (40 - 97.5 + 380) / 0.35 = 921.428571...; base 825.
# Needs node, chromium and the npm packages (tools/deps-report.sh), as report.sh.
source "$(dirname "$0")/lib.bash"
OUT=$(cd "$(dirname "$POLSIM")" && pwd)/report-test
mkdir -p "$OUT"
if ! command -v node >/dev/null || [ ! -x "${POLSIM_CHROMIUM:-/usr/bin/chromium}" ] ||
   [ ! -d node_modules/playwright-core ]; then
  echo "FAIL report_analysis: node, chromium or node_modules missing: run tools/deps-report.sh"
  failed=$((failed + 1))
  finish
  exit 1
fi
unset POLSIM_ECHARTS

check run-analyses 0 "" -- "$POLSIM" run tests/fixtures/analysis/keynes_plan.lua -o "$TMP/an"
# The files' numbers, read by node (not polsim), against the hand values.
check attribution-numbers 0 "ok" -- node -e '
  const a = JSON.parse(require("fs").readFileSync(process.argv[1])), y = a.variables.y;
  const near = (x, w) => Math.abs(x - w) <= 1e-9 * Math.max(1, Math.abs(w));
  const ok = near(y.contributions.spend[0], 50) && near(y.contributions.tax[0], -15) &&
    near(y.contributions.invest[0], 12.5) && near(y.growth.contributions.spend[0], 100 * 50 / 828) &&
    a.method === "exact" && a.runs === 8;
  console.log(ok ? "ok" : "wrong: " + JSON.stringify(y.contributions));' "$TMP/an/attribution.json"
check tornado-numbers 0 "ok" -- node -e '
  const t = JSON.parse(require("fs").readFileSync(process.argv[1])), b = t.bars[0];
  const near = (x, w) => Math.abs(x - w) <= 1e-9 * Math.max(1, Math.abs(w));
  console.log(b.name === "mpc" && near(b.value_low, 750) && near(b.value_high, 380 * 1 / 0.35 - 57.5 / 0.35) &&
              near(t.base, 825) ? "ok" : "wrong: " + JSON.stringify(t));' "$TMP/an/tornado.json"
check report-analyses 0 "wrote .*2 scenarios" -- "$POLSIM" report "$TMP/an" -o "$TMP/an/report.html" --vars y,c
H="$TMP/an/report.html"
check section 0 "" -- grep -q '<section id="attribution"><h2>Attribution and sensitivity</h2>' "$H"
# The table's 2025 growth contribution of spending to y: +6.04 pp (100 x 50 / 828).
check table-spend 0 "" -- grep -q '<tr><td>spend</td><td class="num">+6.04</td>' "$H"
# 6 line charts (y, c: level, diff, growth), 2 waterfalls (y, c), 1 tornado.
check render-analyses 0 "0 failed" -- node tests/report/render.mjs "$H" --screenshot "$OUT/analysis.png" --charts 9
# Group names come from scripts: escaped in the page's tables and data.
cat > "$TMP/esc.lua" <<'LUA'
local m = polsim.model("models/examples/keynes")
local base = m:scenario("base", { from = 2025, to = 2026 })
local plan = base:copy("plan"):set("g", 2025, 2026, 200)
base:run():write("base.json")
plan:run():write("plan.json")
polsim.attribute(base, plan, { groups = { ["</script><b>x&y"] = { "g" } } }):write("attribution.json")
LUA
check run-escape 0 "" -- "$POLSIM" run "$TMP/esc.lua" -o "$TMP/esc"
check report-escape 0 "wrote" -- "$POLSIM" report "$TMP/esc" -o "$TMP/esc/r.html" --vars y
check escaped-table 0 "" -- grep -q '<td>&lt;/script&gt;&lt;b&gt;x&amp;y</td>' "$TMP/esc/r.html"
check no-raw-name 1 "" -- grep -q '</script><b>x' "$TMP/esc/r.html"
check render-escape 0 "0 failed" -- node tests/report/render.mjs "$TMP/esc/r.html" --screenshot "$OUT/analysis_escape.png" --charts 4
# A malformed attribution file is an error naming the file and the field.
mkdir -p "$TMP/bad" && cp "$TMP/an/base.json" "$TMP/bad/"
printf '{"schema": "polsim.attribution", "schema_version": 1, "periods": ["2025"], "groups": [{"name": "g"}], "variables": {"y": {"growth": {"base": [1]}}}}\n' > "$TMP/bad/a.json"
check bad-attribution 4 "a.json: error: variables.y.growth: expected an object with base, alt and total" -- \
  "$POLSIM" report "$TMP/bad" -o "$TMP/bad/r.html" --vars y
check nothing-written 1 "" -- test -e "$TMP/bad/r.html"
finish
