-- Question: how likely is Yangzhou to reach its 2024 targets (6 % real GDP growth
-- first) under the 2024 plan, given how far the model has missed history and how
-- much the outside environment has moved?
--
-- Run:     polsim run scripts/uncertainty.lua -o out/uncertainty
-- Report:  polsim report out/uncertainty -o out/uncertainty/report.html \
--              --targets models/yangzhou/targets_2024.csv
--          (fan charts and the probability of each target, docs/report.md)
--
-- Sources of uncertainty (nothing here is a judgement typed in by hand):
--   * the model's own tracking errors: every behavioural equation's residual
--     (add-factor) over the history years, bootstrapped a whole year at a time so
--     that equations that missed together keep missing together;
--   * the outside environment the plan takes as given (external demand growth,
--     national consumer and producer price inflation): each drawn as a shift of
--     the plan's assumption, normal with the standard deviation of the series'
--     own yearly changes over the history (m:history), persisting with rho = 0.5.
local yz = require("yangzhou")

local m = polsim.model("models/yangzhou")
local plan = yz.plan(m)
plan:run():write("plan_2024.json")      -- the scenario the draws are centred on

-- Standard deviation of a series' year-on-year changes over the history; for
-- an input given as a growth rate (extd_g), of the growth of its level series.
local function sd_of_changes(name, growth_of)
  local h, years, x = m:history(growth_of or name), {}, {}
  for y in pairs(h) do years[#years + 1] = y end
  table.sort(years)
  for i = 2, #years do
    local a, b = h[years[i - 1]], h[years[i]]
    x[#x + 1] = growth_of and 100 * (b / a - 1) or b - a
  end
  local mean, ss = 0, 0
  for _, v in ipairs(x) do mean = mean + v / #x end
  for _, v in ipairs(x) do ss = ss + (v - mean) ^ 2 end
  return math.sqrt(ss / (#x - 1)), #x
end

local env = {}
for _, input in ipairs({ { "extd_g" } }) do
  local sd, n = sd_of_changes(input[1], input[2])
  env[input[1]] = { dist = "normal", mean = 0, sd = sd, rho = 0.5 }
  print(string.format("%-8s shift s.d. %.2f pp (from %d yearly changes in the history)",
                      input[1], sd, n))
end

local keep = {}
for _, t in ipairs(yz.targets) do keep[#keep + 1] = t.var end
keep[#keep + 1] = "loans"

local mc = polsim.montecarlo(plan, {
  draws = 20000, seed = 2024, threads = 2,
  exogenous = env, residuals = "bootstrap", keep = keep,
})
local failed, first = mc:failed()
print(string.format("\n%d draws (%d failed%s); residuals of the years %s\n", mc:draws(), failed,
                    first and (": " .. first) or "", table.concat(mc:residual_years(), ", ")))

-- How likely is 6 % GDP growth in 2024?  One call per target.
print(string.format("%-26s %7s %9s %17s %9s", "2024 target (growth, %)", "target", "median",
                    "5-95 % band", "P(met)"))
for _, t in ipairs(yz.targets) do
  if t.kind == "level" then goto continue end
  local g = { growth = true }
  print(string.format("%-26s %7.1f %9.2f %8.2f .. %6.2f %8.0f %%", t.label, t.target,
                      mc:quantile(t.var, yz.FROM, 0.5, g), mc:quantile(t.var, yz.FROM, 0.05, g),
                      mc:quantile(t.var, yz.FROM, 0.95, g),
                      100 * mc:prob(t.var, yz.FROM, ">=", t.target, g)))
  ::continue::
end
print(string.format("%-26s %7.0f %9.0f %8.0f .. %6.0f %8.0f %%", "Loan balance, 100m yuan", 11000,
                    mc:quantile("loans", yz.FROM, 0.5), mc:quantile("loans", yz.FROM, 0.05),
                    mc:quantile("loans", yz.FROM, 0.95),
                    100 * mc:prob("loans", yz.FROM, ">=", 11000)))

mc:write("uncertainty.json")

-- What fee relief reaches 6 %?  The target is solved by the model with the
-- roles swapped (real GDP growth known, fee_cut unknown), not by a search.
local fee = plan:copy("fee_for_6pct")
fee:target("gdpr", yz.FROM, 6, { growth = true }):instrument("fee_cut", yz.FROM, { min = 0 })
local rf = fee:run()
local tf = rf:targets()[1]
print(string.format("\nReal GDP growth of 6 %% in %d needs new fee relief of %.1f (100m yuan), "
                    .. "against %.1f in the plan%s", yz.FROM, rf.fee_cut[yz.FROM],
                    plan:inputs("fee_cut")[yz.FROM], tf.met and "" or ("; " .. tf.note)))
rf:write("fee_for_6pct.json")

-- Which lever contributed most?  Exact Shapley values over the plan's lever
-- families, against a baseline with no new policy.
local baseline = m:scenario("no_new_policy", { from = yz.FROM, to = yz.TO })
local a = polsim.attribute(baseline, plan, { groups = yz.lever_families() })
print(string.format("\nContributions to real GDP growth in %d, percentage points:", yz.FROM))
a:print("gdpr", { growth = true })
a:write("plan_attribution.json")
