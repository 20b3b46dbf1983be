#!/usr/bin/env bash
# Chinese and English output (issue 13, point 4; docs/cli.md "Languages and
# numbers in tables"): --lang on solve, run, compare; the Chinese label and
# unit carried by result files; thousands separators in tables only; columns
# sized to fit names.  Every expected string is written out by hand.
#
# Keynesian cross (models/examples/keynes, mpc = 0.6, c0 = 40, i = 200, t = 150
# in 2024 and held): y = (c0 - mpc t + i + g) / (1 - mpc).
#   g = 180:  y = (40 - 90 + 200 + 180) / 0.4 = 825
#   g = 5000: y = (40 - 90 + 200 + 5000) / 0.4 = 12875, c = y - i - g = 7675
source "$(dirname "$0")/lib.bash"
K=models/examples/keynes
P="$POLSIM"

# ---- result files carry the Chinese label and unit ----
check solve-base 0 "wrote" -- "$P" solve $K --to 2026 --scenario base -o "$TMP/base.json"
check solve-big 0 "wrote" -- "$P" solve $K --to 2026 --scenario big --set g=5000 -o "$TMP/big.json"
check json-label-zh 0 '"label_zh":\s+"产出（国内生产总值）"' -- cat "$TMP/base.json"
check json-unit-zh 0 '"unit_zh":\s+"十亿元"' -- cat "$TMP/base.json"
# A model without Chinese texts writes neither key (older readers see the same file).
check solve-solow 0 "wrote" -- "$P" solve models/examples/solow --to 2026 -o "$TMP/solow.json"
check solow-no-zh 1 "" -- grep -q '"label_zh"' "$TMP/solow.json"
# A label_zh that is not a string is named.
sed 's/"label_zh":\t"产出（国内生产总值）"/"label_zh":\t7/' "$TMP/base.json" > "$TMP/badzh.json"
check bad-label-zh 4 "variables\[0\]\.label_zh: expected a string" -- "$P" compare "$TMP/badzh.json" "$TMP/big.json"

# ---- compare --lang zh: Chinese headings, label and unit from the files ----
check cmp-zh-heading 0 "^y - 产出（国内生产总值），十亿元$" -- "$P" compare "$TMP/base.json" "$TMP/big.json" --lang zh
check cmp-zh-columns 0 "^期间 +base +big +差额 +% +增速差$" -- "$P" compare "$TMP/base.json" "$TMP/big.json" --lang zh
# 12875 - 825 = 12050; 100 (12875 / 825 - 1) = 1460.606...
check cmp-zh-row 0 "^2025 +825 +12,875 +12,050 +1,460.61 " -- "$P" compare "$TMP/base.json" "$TMP/big.json" --lang zh
check cmp-zh-note 0 "^基准：base；差额以变量的单位计" -- "$P" compare "$TMP/base.json" "$TMP/big.json" --lang zh
check cmp-zh-growth 0 "^y - 产出（国内生产总值），增长率（%）$" -- "$P" compare "$TMP/base.json" "$TMP/big.json" --lang zh --growth
check cmp-zh-md 0 "^### y: 产出（国内生产总值） — 十亿元$" -- "$P" compare "$TMP/base.json" "$TMP/big.json" --lang zh --format markdown
check cmp-zh-md-head 0 "^\| 期间 \| base \| big \| big 差额 \| big % \| big 增速差 \|$" -- "$P" compare "$TMP/base.json" "$TMP/big.json" --lang zh --format markdown
check cmp-en-default 0 "^y - Output \(GDP\), bn$" -- "$P" compare "$TMP/base.json" "$TMP/big.json"
check cmp-en-row 0 "^2025 +825 +12,875 +12,050 +1,460.61 " -- "$P" compare "$TMP/base.json" "$TMP/big.json" --lang en
# Without Chinese texts, zh keeps the English description and unit.
check solve-solow2 0 "wrote" -- "$P" solve models/examples/solow --to 2026 --scenario alt --set a=1.1 -o "$TMP/solow2.json"
check cmp-zh-fallback 0 "^k - Capital stock，bn \(constant prices\)$" -- "$P" compare "$TMP/solow.json" "$TMP/solow2.json" --lang zh --vars k
# A result written before results carried the Chinese texts reads as none.
sed -z 's/,\n\t*"label_zh":\t"[^"]*"//g; s/,\n\t*"unit_zh":\t"[^"]*"//g' "$TMP/base.json" > "$TMP/old.json"
check old-has-no-zh 1 "" -- grep -q '_zh' "$TMP/old.json"
check cmp-old-file 0 "^y - Output \(GDP\)，bn$" -- "$P" compare "$TMP/old.json" "$TMP/big.json" --lang zh --vars y
check cmp-bad-lang 2 "--lang takes en or zh, not 'fr'" -- "$P" compare "$TMP/base.json" "$TMP/big.json" --lang fr
# CSV and JSON keep plain exact numbers in every language (the solver's last
# bits may make 12875 read 12874.999999999998).
check cmp-csv-plain 0 "^y,bn,2025,big,projection,base,1287[45][.0-9]*,120[45][.0-9]*,1460\.6[0-9]*,[-.0-9e]+,[-.0-9e]+$" -- "$P" compare "$TMP/base.json" "$TMP/big.json" --lang zh --format csv
check cmp-json-zh 0 '"label_zh":\s+"产出（国内生产总值）"' -- "$P" compare "$TMP/base.json" "$TMP/big.json" --format json

# ---- solve --lang zh: label and unit rows; separators; CSV plain ----
check solve-zh-names 0 "^期间 +y +c$" -- "$P" solve $K --to 2025 --set g=5000 --lang zh
check solve-zh-labels 0 "^ +产出（国内生产总值） +居民消费$" -- "$P" solve $K --to 2025 --set g=5000 --lang zh
check solve-zh-units 0 "^ +十亿元 +十亿元$" -- "$P" solve $K --to 2025 --set g=5000 --lang zh
check solve-zh-row 0 "^2025 +12,875 +7,675$" -- "$P" solve $K --to 2025 --set g=5000 --lang zh
check solve-en-row 0 "^2025 +12,875 +7,675$" -- "$P" solve $K --to 2025 --set g=5000
check solve-csv-plain 0 "" -- bash -c "'$P' solve $K --to 2025 --set g=5000 -o '$TMP/s.csv' >/dev/null && grep -Eq '^2025,projection,1287[45][.0-9]*,767[45][.0-9]*,200,5000,150' '$TMP/s.csv'"
check solve-bad-lang 2 "--lang takes en or zh, not 'de'" -- "$P" solve $K --lang de
# A Chinese label longer than 20 columns wraps (年末资本存量（2020年价格）: 26
# columns): 20 on the first line, 6 on the second.
check solve-zh-wrap2 0 "^ +价格）$" -- "$P" solve models/yangzhou --to 2024 --vars k --lang zh
check solve-zh-wrap 0 "^ +年末资本存量（2020年$" -- "$P" solve models/yangzhou --to 2024 --vars k --lang zh

# ---- columns fit names: nothing is cut short ----
long=a_scenario_with_a_rather_long_descriptive_name
check solve-long 0 "wrote" -- "$P" solve $K --to 2026 --scenario $long --set g=190 -o "$TMP/long.json"
check cmp-long-name 0 "^period +base +$long +diff +% +g pp$" -- "$P" compare "$TMP/base.json" "$TMP/long.json"
check cmp-long-group 0 "^ +$long$" -- "$P" compare "$TMP/base.json" "$TMP/long.json"
check cmp-long-growth 0 "^period +base +$long +$long pp$" -- "$P" compare "$TMP/base.json" "$TMP/long.json" --growth
# A model with a long variable name: the Lua table's first column takes it whole.
mkdir -p "$TMP/m"
cat > "$TMP/m/m.model" <<'MODEL'
model m "long names" annual;
endogenous household_consumption_expenditure_real "Real consumption" unit "bn";
exogenous income_of_households "Income" unit "bn";
equation [c] household_consumption_expenditure_real = 0.5 * income_of_households;
MODEL
printf 'period,household_consumption_expenditure_real,income_of_households\n2023,50,100\n2024,1000,2000\n' > "$TMP/m/history.csv"
cat > "$TMP/t.lua" <<'LUA'
local r = polsim.model("m"):scenario("b", { from = 2025, to = 2025 })
  :set("income_of_households", 2025, 4000):run()
polsim.table(r, { "household_consumption_expenditure_real" })
print("lang=" .. polsim.lang)
LUA
# 0.5 * 4000 = 2000
check lua-long-name 0 "^household_consumption_expenditure_real +bn +2,000$" -- "$P" run "$TMP/t.lua" -o "$TMP/o"
check lua-lang-default 0 "^lang=en$" -- "$P" run "$TMP/t.lua" -o "$TMP/o"

# ---- run --lang zh: the script's tables and polsim.lang ----
cat > "$TMP/k.lua" <<'LUA'
local m = polsim.model("models/examples/keynes")
local b = m:scenario("base", { from = 2025, to = 2025 })
local r = b:run()
polsim.table(r, { "y" })
polsim.growth_table(r, { "y" }, { lang = "en" })
polsim.compare(r, b:copy("big"):set("g", 2025, 5000):run()):print({ "y" })
print("lang=" .. polsim.lang)
LUA
check run-zh-head 0 "^变量 +名称 +单位 +2025$" -- "$P" run "$TMP/k.lua" --lang zh -o "$TMP/o"
check run-zh-row 0 "^y +产出（国内生产总值） +十亿元 +825$" -- "$P" run "$TMP/k.lua" --lang zh -o "$TMP/o"
check run-zh-override 0 "^growth, % +unit +2025$" -- "$P" run "$TMP/k.lua" --lang zh -o "$TMP/o"
check run-zh-compare 0 "^期间 +base +big +差额 +% +增速差$" -- "$P" run "$TMP/k.lua" --lang zh -o "$TMP/o"
check run-zh-lang 0 "^lang=zh$" -- "$P" run "$TMP/k.lua" --lang zh -o "$TMP/o"
check run-bad-lang 2 "--lang takes en or zh, not 'cn'" -- "$P" run "$TMP/k.lua" --lang cn
printf 'local r = polsim.model("models/examples/keynes"):scenario("b", { from = 2025, to = 2025 }):run()\npolsim.table(r, { "y" }, { lang = "fr" })\n' > "$TMP/bad.lua"
check lua-bad-lang 6 'lang must be "en" or "zh", not fr' -- "$P" run "$TMP/bad.lua" -o "$TMP/o"

# ---- the Yangzhou model labels every variable and lever in Chinese ----
# 64 series are declared in models/yangzhou/yangzhou.model (54 endogenous, 10
# exogenous, all 10 of them levers): count the declaration lines to check.
cat > "$TMP/yz.lua" <<'LUA'
local m = polsim.model("models/yangzhou")
local missing, n, levers = {}, 0, 0
for _, v in ipairs(m:variables()) do
  if v.kind == "endogenous" or v.kind == "exogenous" then
    n = n + 1
    if v.lever then levers = levers + 1 end
    if v.label_zh == "" or v.unit_zh == "" then missing[#missing + 1] = v.name end
  end
end
print(string.format("%d series (%d levers), %d without a Chinese label or unit: %s", n, levers,
                    #missing, table.concat(missing, " ")))
LUA
check yz-all-labelled 0 "^64 series \(10 levers\), 0 without a Chinese label or unit: $" -- "$P" run "$TMP/yz.lua" -o "$TMP/o"

# ---- the plan table in Chinese: the work report's own wording of each target ----
"$P" run scripts/plan_2024.lua --lang zh -o "$TMP/plan" > "$TMP/plan_zh.txt" 2>&1
check plan-zh-head 0 "^2024年目标 +目标值 +预测值 +差距 +结论 +达标概率 +90%区间$" -- cat "$TMP/plan_zh.txt"
check plan-zh-gdp 0 "^地区生产总值增长6%以上 +>=6\.0% +[-0-9.]+% +[-+][0-9.]+ 百分点 +(达到|未达到) " -- cat "$TMP/plan_zh.txt"
check plan-zh-loans 0 "^力争年末贷款余额超1\.1万亿元 +>=11000 " -- cat "$TMP/plan_zh.txt"
check plan-zh-tloans 0 "^科技贷款、制造业贷款、普惠小微贷款分别增长15%以上 " -- cat "$TMP/plan_zh.txt"
check plan-zh-count 0 "^9个目标中达到[0-9]个$" -- cat "$TMP/plan_zh.txt"
# The Lua library's wording is the targets file's label_zh, target by target.
printf 'local yz = require("yangzhou")\nfor _, t in ipairs(yz.targets) do print(t.var .. "," .. t.zh) end\n' > "$TMP/zh.lua"
"$P" run "$TMP/zh.lua" -o "$TMP/o" > "$TMP/lib_zh.txt" 2>&1
awk -F, '!/^#/ && $1 != "variable" { print $1 "," $NF }' models/yangzhou/targets_2024.csv > "$TMP/csv_zh.txt"
check plan-zh-agrees 0 "" -- cmp "$TMP/lib_zh.txt" "$TMP/csv_zh.txt"

finish
