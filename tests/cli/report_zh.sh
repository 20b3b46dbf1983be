#!/usr/bin/env bash
# The Chinese report of a batch folder (issue 13, point 4): `polsim batch ... -o
# DIR` then `polsim report DIR --lang zh`, rendered in headless Chromium by
# tests/report/render.mjs --cjk, which checks that the Chinese text has no tofu
# (the Han characters are drawn by fonts the page's own stack names, and drawn
# on a canvas they are distinct glyphs, not .notdef boxes) and saves a
# screenshot, BUILD/report-test/yangzhou_zh.png.  The font check fails when
# "Noto Sans CJK SC" is taken out of the page's stack (18 failed checks when
# tried), and its controls prove it can fail on every run.
# Needs what tests/cli/report.sh needs (tools/deps-report.sh --browser, which
# installs fonts-noto-cjk); fails, never skips, when it is missing.
source "$(dirname "$0")/lib.bash"
OUT=$(cd "$(dirname "$POLSIM")" && pwd)/report-test
mkdir -p "$OUT"
need() {
  echo "FAIL report_zh: $1 is missing: run tools/deps-report.sh --browser"
  failed=$((failed + 1)); finish; exit 1
}
command -v node >/dev/null || need "node"
[ -x "${POLSIM_CHROMIUM:-/usr/bin/chromium}" ] || need "chromium"
[ -d node_modules/playwright-core ] || need "node_modules/playwright-core"
fc-list :lang=zh | grep -q "Noto Sans CJK SC" || need "the font Noto Sans CJK SC (fonts-noto-cjk)"
unset POLSIM_ECHARTS

# A second scenario beside the plan: fee relief of 20 instead of the plan's 50.
mkdir -p "$TMP/scen"
cat > "$TMP/scen/low_fee.lua" <<'LUA'
local yz = require("yangzhou")
local m = polsim.model("models/yangzhou")
yz.plan(m, "low_fee"):set("fee_cut", 2024, 20):run():write("low_fee.json")
LUA
check batch 0 "2 ok" -- "$POLSIM" batch scripts/plan_2024.lua "$TMP/scen/low_fee.lua" -o "$TMP/batch"
check report-zh 0 "wrote .*zh.html: 2 scenarios, base plan_2024" -- \
  "$POLSIM" report "$TMP/batch" --lang zh --base plan_2024 --targets models/yangzhou/targets_2024.csv \
  -o "$TMP/zh.html"
H="$TMP/zh.html"
check html-lang 0 "" -- grep -q '<html lang="zh-CN">' "$H"
check nav-zh 0 "" -- grep -q '<nav><a href="#scenarios">情景</a> <a href="#assumptions">假设</a> <a href="#targets">目标</a> <a href="#charts">图表</a></nav>' "$H"
# The plan table in the work report's own words (targets_2024.csv, label_zh).
check target-wording 0 "" -- grep -q '<td>地区生产总值增长6%以上</td><td><code>gdpr</code></td>' "$H"
check target-level 0 "" -- grep -q '<td>力争年末贷款余额超1.1万亿元</td><td><code>loans</code> <span class="badge">水平</span></td>' "$H"
# The model's Chinese label and unit in the chart headings, from the result files.
check chart-label 0 "" -- grep -q '<h3><code>gdpr</code> 地区生产总值（2020年价格） <span class="muted">(亿元)</span></h3>' "$H"
# The assumptions: fee_cut differs (50 in the plan, 20 here), its Chinese label.
check assume-zh 0 "" -- grep -q '<td><code>fee_cut</code> <span class="badge">政策工具</span></td><td>当年新增减税降费 <span class="muted">(亿元)</span></td><td>2024</td><td class="num">50</td><td class="num">20</td><td class="num">-30</td>' "$H"
# Level target with a thousands separator: 11000 is shown 11,000.
check target-sep 0 "" -- grep -q 'data-measure="target" data-value="11000">11,000</span>' "$H"
check css-cjk 0 "" -- grep -q '"Noto Sans CJK SC"' "$H"
# 9 targets, so 9 charted variables, each with level, difference and growth charts.
check render-zh 0 "0 failed" -- node tests/report/render.mjs "$H" --screenshot "$OUT/yangzhou_zh.png" --charts 27 --cjk
check screenshot 0 "" -- test -s "$OUT/yangzhou_zh.png"
check bad-lang 2 "--lang takes en or zh, not 'jp'" -- "$POLSIM" report "$TMP/batch" --lang jp -o "$TMP/x.html"
finish
