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

# The Monte Carlo and attribution sections in Chinese: the Keynesian cross of
# tests/fixtures/analysis/keynes_plan.lua (plan g 180 -> 200, t 150 -> 160, i 200 -> 205;
# spending's 2025 growth contribution to y is 100 x 2.5 x 20 / 828 = +6.04 pp)
# with a Monte Carlo run of its base.
cat > "$TMP/mc.lua" <<'LUA'
local base = polsim.model("models/examples/keynes"):scenario("base", { from = 2025, to = 2027 })
polsim.montecarlo(base, { draws = 400, seed = 1, params = { c0 = { dist = "normal", mean = 40, sd = 5 } },
  keep = { "y" } }):write("mc.json")
LUA
check run-attribution 0 "" -- "$POLSIM" run tests/fixtures/analysis/keynes_plan.lua -o "$TMP/ma"
check run-mc 0 "" -- "$POLSIM" run "$TMP/mc.lua" -o "$TMP/ma"
printf 'variable,period,target,kind\ny,2025,0,growth\nc,2026,450,level\n' > "$TMP/ma_t.csv"
# report_both NAME: the folder $TMP/NAME reported in English and Chinese, to $TMP/NAME_en|zh.html
report_both() {
  for l in en zh; do
    check "report-$1-$l" 0 "with 1 Monte Carlo run" -- "$POLSIM" report "$TMP/$1" --lang $l --base base \
      --vars y,c --targets "$TMP/ma_t.csv" -o "$TMP/$1_$l.html"
  done
}
report_both ma
M="$TMP/ma_zh.html"
zh_has() { check "$1" 0 "" -- grep -qF "$2" "$M"; }
zh_has mc-intro '<p class="muted">蒙特卡洛模拟（情景 <b>base</b>）：400次抽样，0次失败（已剔除），来自 <code>'
zh_has mc-bands '。扇形图：抽样结果的中位数、25&ndash;75 %和5&ndash;95 %分位数区间，以及目标值。</p>'
zh_has prob-note '<p class="muted">达到或超过目标值的抽样所占比例（失败的抽样不计入）。'
zh_has prob-head '<tr><th>目标</th><th>变量</th><th>期间</th><th class="num">目标</th><th class="num">base <small class="muted">(400次抽样)</small></th></tr>'
zh_has prob-level '<code>c</code> <span class="badge">水平</span>'
zh_has fan-legend "var names = ['5-95 %区间', '25-75 %区间', '中位数'].concat(hasTarget ? ['目标'] : []);"
zh_has fan-title "(f.kind === 'growth' ? '增长率，' : '') + '扇形图，情景 ' + f.scenario"
zh_has fan-tooltip "'<br>中位数：'"
zh_has fan-toolbox "dataView: { readOnly: true, title: '数据', lang: ['数据', '关闭', '刷新'] },"
zh_has at-intro '<p class="muted">瀑布图：首期从基准情景增长率到备选情景增长率的变化，分解为各组的精确贡献（Shapley值：'
zh_has at-head '<h3>贡献分解：<code>plan</code> 对比 <code>base</code> <span class="muted">（精确Shapley值，来自 '
# The model's Chinese label (label zh) after the variable's name, from the
# attribution and tornado files (models/examples/keynes/keynes.model).
zh_has at-table '<tr><th><code>y</code> 产出（国内生产总值） 增长率，百分点</th><th>2025</th><th>2026</th><th>2027</th></tr>'
zh_has at-table-c '<tr><th><code>c</code> 居民消费 增长率，百分点</th>'
zh_has at-spend '<tr><td>spend</td><td class="num">+6.04</td>'
zh_has at-total '<tr><th>合计</th>'
zh_has waterfall-legend "o.legend.data = ['增加', '减少', '基准 / 备选情景'];"
zh_has waterfall-ends "cats.push('备选情景');"
zh_has tornado-head '<h3>敏感性：<code>y</code> 产出（国内生产总值），2026 <span class="muted">（龙卷风图，来自 '
# The tornado's unit (chart subtitle and axis) and the fans' subtitles and
# units: the model's Chinese texts, from the tornado and Monte Carlo files.
zh_has tornado-unit '"tornados":[{"var":"y","period":"2026","unit":"十亿元","base":'
zh_has fan-y '{"fans":[{"name":"y","description":"产出（国内生产总值）","unit":"%","scenario":"base","kind":"growth"'
zh_has fan-c '{"name":"c","description":"居民消费","unit":"十亿元","scenario":"base","kind":"level"'
zh_has tornado-bars "o.series.push({ name: '取低值时', type: 'bar'"
# No English sentence of those sections is left in the Chinese page: the
# sections' HTML, and the page after the main chart script (the attribution
# and fan scripts and their data; the inlined ECharts comes before).  The
# English page of the same inputs has every one of them, so the check can fail.
english=('Monte Carlo of' 'draws' 'failed (left out)' 'Fan charts: the median' 'Share of the draws'
  "'median'" "'target'" "'fan chart of '" "'growth, '" 'median: ' 'target: '
  'Waterfalls: the step' 'Tornado bars' 'Attribution: ' ' against ' 'Shapley values, from'
  'growth of <code>' '</code>, pp' '<th>total</th>' 'Sensitivity of' 'tornado, from'
  "'increase'" "'decrease'" "'alternative'" "'base / alternative'" 'from the base to the alternative'
  "': growth in '" "'at low'" "'at high'" "': sensitivity'" 'difference from the base ('
  "'Numbers'" "'Save as PNG'")
parts() {
  sed -n '/<section id="uncertainty">/,/<\/section>/p; /<section id="attribution">/,/<\/section>/p' "$1"
  sed -n '/el0 = document.getElementById/,$p' "$1"
}
parts "$M" > "$TMP/ma_zh.txt"
parts "$TMP/ma_en.html" > "$TMP/ma_en.txt"
check zh-parts-found 0 "" -- grep -q '扇形图，情景' "$TMP/ma_zh.txt"
for e in "${english[@]}"; do
  check "no-english: $e" 1 "" -- grep -qF "$e" "$TMP/ma_zh.txt"
  check "english-has: $e" 0 "" -- grep -qF "$e" "$TMP/ma_en.txt"
done
# Drawn in Chromium: y and c (level, difference, growth), 2 waterfalls,
# 1 tornado and 2 fans (y growth, c level).
# The files carry the fields (docs/output-format.md), written only when the
# model gives them: the Keynes model labels y and c, not its add-factor c_a.
fields() { node -e '
  const d = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
  const o = eval(process.argv[2]);
  console.log(JSON.stringify([o.label_zh, o.unit_zh]));' "$@"; }
check mc-fields-y 0 '^\["产出（国内生产总值）","十亿元"\]$' -- fields "$TMP/ma/mc.json" 'd.series.y'
check mc-fields-c 0 '^\["居民消费","十亿元"\]$' -- fields "$TMP/ma/mc.json" 'd.series.c'
check at-fields-i 0 '^\["投资","十亿元"\]$' -- fields "$TMP/ma/attribution.json" 'd.variables.i'
check at-fields-none 0 '^\[null,null\]$' -- fields "$TMP/ma/attribution.json" 'd.variables.c_a'
check tornado-fields 0 '^\["产出（国内生产总值）","十亿元"\]$' -- fields "$TMP/ma/tornado.json" 'd'
# Older files (written before these fields, the same but for them) are still
# read: a Chinese page falls back to the English description and unit the
# files carry and to the name alone in the headings, and the English page is
# the same bytes as from the new files.
mkdir -p "$TMP/old"
cp "$TMP/ma/base.json" "$TMP/ma/plan.json" "$TMP/old/"
for f in mc attribution tornado; do
  sed '/^[[:space:]]*"label_zh":/d; /^[[:space:]]*"unit_zh":/d' "$TMP/ma/$f.json" > "$TMP/old/$f.json"
done
check old-stripped 1 "" -- grep -q '_zh' "$TMP/old/mc.json" "$TMP/old/attribution.json" "$TMP/old/tornado.json"
report_both old
O="$TMP/old_zh.html"
old_has() { check "$1" 0 "" -- grep -qF "$2" "$O"; }
old_has old-fan-y '{"fans":[{"name":"y","description":"Output (GDP)","unit":"%","scenario":"base","kind":"growth"'
old_has old-fan-c '{"name":"c","description":"Household consumption","unit":"bn","scenario":"base","kind":"level"'
old_has old-tornado-unit '"tornados":[{"var":"y","period":"2026","unit":"bn","base":'
old_has old-tornado-head '<h3>敏感性：<code>y</code>，2026 <span class="muted">（龙卷风图，来自 '
old_has old-at-table '<tr><th><code>y</code> 增长率，百分点</th><th>2025</th>'
check old-en-same 0 "" -- cmp <(sed "s#$TMP/old/#DIR/#g" "$TMP/old_en.html") <(sed "s#$TMP/ma/#DIR/#g" "$TMP/ma_en.html")
check render-ma-zh 0 "0 failed" -- node tests/report/render.mjs "$M" \
  --screenshot "$OUT/analysis_mc_zh.png" --charts 11 --fans 2 --cjk
check bad-lang 2 "--lang takes en or zh, not 'jp'" -- "$POLSIM" report "$TMP/batch" --lang jp -o "$TMP/x.html"
finish
