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

print(string.format("Yangzhou 2024 plan (%s), projected %d-%d\n", m.title, yz.FROM, yz.TO))
-- The rows carry target, projection, gap and verdict; columns such as the
-- probability of meeting each target or a 90% band are added by passing
-- { header =, width =, cell = function(row) ... end } specs to print_targets.
local rows = yz.evaluate(r, yz.FROM)
yz.print_targets(rows)
print("\nGrowth, percent a year")
polsim.growth_table(r, { "gdpr", "hcr", "fair", "retail", "rev", "loans" })
print("\nLevels")
polsim.table(r, { "gdp", "gdpr", "fai", "retail", "rev", "bal", "loans" })

r:write("plan_2024.json")
r:write("plan_2024.csv")
