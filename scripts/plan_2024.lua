-- Question: does Yangzhou's 2024 plan, with its levers as the work report sets
-- them (tax-and-fee cuts of 5 billion yuan, consumption vouchers and promotion,
-- 28k graduates, more R&D, public investment), reach the 2024 targets, and
-- what path follows to 2030?  The targets (GDP, revenue, industry, services,
-- investment, retail, loans) are outcomes of the model: no lever is set to a
-- target, so the table says which the plan reaches and which it misses.
--
-- Run:  polsim run scripts/plan_2024.lua        (writes out/plan_2024.json, .csv)
local yz = require("yangzhou")

local m = polsim.model("models/yangzhou")
local plan = yz.plan(m)
local r = plan:run()

local zh = polsim.lang == "zh"   -- polsim run --lang zh: the tables in Chinese
if zh then
  print(string.format("扬州市2024年政府工作报告的计划，预测%d—%d年\n", yz.FROM, yz.TO))
else
  print(string.format("Yangzhou 2024 plan (%s), projected %d-%d\n", m.title, yz.FROM, yz.TO))
end
-- How sure is each verdict?  The plan is drawn again DRAWS times with the
-- model's own tracking errors: every behavioural equation's historical
-- residual (add-factor) over 2016-2023, drawn as a normal vector with their
-- covariance so that equations that missed together miss together
-- (docs/lua-api.md, polsim.montecarlo).  Not a bootstrap of whole years: with
-- eight history years the first projected year would have only eight
-- possible outcomes.
-- P(met) is the share of draws that meet the target (its sampling error is
-- at most 0.5 / sqrt(DRAWS), 2.9 points here: enough to tell a likely
-- target from a coin flip while the whole run stays under 30 ms; for finer
-- figures, scripts/uncertainty.lua draws 20,000); the band holds 90 % of them.
local DRAWS = 300
local keep = {}
for _, t in ipairs(yz.targets) do keep[#keep + 1] = t.var end
local mc = polsim.montecarlo(plan, { draws = DRAWS, seed = 2024, threads = 2,
                                     residuals = "normal", vars = keep })

local function p_met(row)
  local g = { growth = row.kind == "growth" }
  if row.sense == "about" then
    return mc:prob(row.var, row.year, ">=", row.target - yz.ABOUT, g)
           - mc:prob(row.var, row.year, ">", row.target + yz.ABOUT, g)
  end
  return mc:prob(row.var, row.year, ">=", row.target, g)
end

local function band(row)
  local g = { growth = row.kind == "growth" }
  local lo, hi = mc:quantile(row.var, row.year, 0.05, g), mc:quantile(row.var, row.year, 0.95, g)
  return row.kind == "growth" and string.format("%.1f .. %.1f%%", lo, hi)
         or string.format("%.0f .. %.0f", lo, hi)
end

local rows = yz.evaluate(r, yz.FROM)
yz.print_targets(rows, {
  { header = zh and "达标概率" or "P(met)", width = 8, cell = function(row) return string.format("%.0f%%", 100 * p_met(row)) end },
  { header = zh and "90%区间" or "90% band", width = 16, cell = band },
})
local failed = mc:failed()
print(string.format(zh and "达标概率和区间来自模型拟合误差的%d次抽样（失败%d次）"
                    or "P(met) and bands from %d draws of the model's tracking errors (%d failed)",
                    mc:draws(), failed))
print(zh and "\n增长率（%）" or "\nGrowth, percent a year")
polsim.growth_table(r, { "gdpr", "hcr", "fair", "retail", "rev", "loans" })
print(zh and "\n水平" or "\nLevels")
polsim.table(r, { "gdp", "gdpr", "fai", "retail", "rev", "bal", "loans" })

r:write("plan_2024.json")
r:write("plan_2024.csv")
