-- Question: which lever family contributed how much to the plan's 2024 growth,
-- how sensitive is GDP growth to each lever, and what fee relief and loan
-- growth together reach 6 % real GDP growth?
--
-- The plan (scripts/lib/yangzhou.lua) against the no-new-policy baseline (every
-- lever held at its 2023 value): exact Shapley values over six lever families
-- (2^6 = 64 runs), so the contributions add up to the plan's whole effect and
-- interactions between families are shared fairly.  Then a tornado of 2024
-- real GDP growth and a grid of fee cuts x loan growth.
-- `polsim report` on the output folder draws the waterfalls and the tornado.
local yz = require("yangzhou")
local m = polsim.model("models/yangzhou")

local baseline = m:scenario("no_new_policy", { from = yz.FROM, to = yz.TO })
local plan = yz.plan(m)
baseline:run():write("no_new_policy.json")
plan:run():write("plan_2024.json")

local a = polsim.attribute(baseline, plan, { groups = yz.lever_families() })
print("Real GDP growth: contributions of each lever family, percentage points")
a:print("gdpr", { growth = true })
print()
a:print("fai", { growth = true })
a:write("attribution.json")

-- The family that contributed most to 2024 real GDP growth.
local best, most = nil, -math.huge
for _, g in ipairs(a:groups()) do
  local c = a:contribution(g, "gdpr", yz.FROM, { growth = true })
  if c > most then best, most = g, c end
end
print(string.format("\nLargest contribution to 2024 real GDP growth: %s, %+.2f pp of %+.2f pp",
                    best, most, a:total("gdpr", yz.FROM, { growth = true })))

-- Sensitivity of 2024 real GDP growth to each lever around the plan.
print()
local t = polsim.tornado(plan, {
  fee_cut = { 25, 75 },
  loan_g = { 8, 14 },
  tloan_g = { 10, 20 },
  proj_inv = { 50, 150 },
  extd_g = { 2, 7 },
}, "gdpr", yz.FROM, { growth = true })
t:print()
t:write("tornado.json")

-- Fee cuts x loan growth in 2024: which settings reach 6 % real GDP growth?
local sw = polsim.sweep(plan, { fee_cut = { 0, 100, 5 }, loan_g = { 6, 14, 5 } }, { outputs = { "gdpr" } })
print()
local reach = 0
for _, row in ipairs(sw:rows("gdpr", yz.FROM, { growth = true })) do
  if row.value and row.value >= 6 then reach = reach + 1 end
end
sw:print("gdpr", yz.FROM, { growth = true })
print(string.format("%d of %d settings reach 6 %% real GDP growth in 2024", reach, #sw))
sw:write("sweep.json")
