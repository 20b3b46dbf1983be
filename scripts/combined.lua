-- Question: side by side, which lever families move the 2024 targets most?
-- Runs the plan and one variant from each family (no new fee cuts, a credit
-- impulse, extra major projects, more vouchers, weak external demand) and prints
-- the 2024 gap table for each, then the comparison of GDP, investment, retail
-- and revenue against the plan.
local yz = require("yangzhou")
local m = polsim.model("models/yangzhou")

local plan = yz.plan(m)
local variants = {
  plan:copy("no_new_cuts"):set("fee_cut", yz.FROM, yz.TO, 0),
  plan:copy("credit_+5"):set("loan_g", yz.FROM, 5),
  plan:copy("projects_100"):set("proj_inv", yz.FROM, yz.TO, 100),
  plan:copy("vouchers_x20"):set("voucher", yz.FROM, 9),
  plan:copy("external_2pct"):set("extd_g", yz.FROM, yz.TO, 2),
}

local results = { plan:run() }
for _, s in ipairs(variants) do results[#results + 1] = s:run() end

for _, r in ipairs(results) do
  print("\n== " .. r.scenario)
  yz.target_table(r)
end

local c = polsim.compare(table.unpack(results))
print()
c:print({ "gdpr", "fai", "retail", "rev" }, { to = 2025 })
c:write("combined.csv")
c:write("combined.json")
for _, r in ipairs(results) do r:write(r.scenario .. ".json") end
