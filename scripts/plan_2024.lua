-- Question: does Yangzhou's 2024 plan, with its levers as the work report sets
-- them (tax-and-fee cuts of 5 billion yuan, loans to 1.1 trillion yuan, targeted
-- loans +15%, industrial project investment above 100 billion, consumption
-- promotion), reach the 2024 targets, and what path follows to 2030?
--
-- Run:  polsim run scripts/plan_2024.lua        (writes out/plan_2024.json, .csv)
local yz = require("yangzhou")

local m = polsim.model("models/yangzhou")
local plan = yz.plan(m)
local r = plan:run()

print(string.format("Yangzhou 2024 plan (%s), projected %d-%d\n", m.title, yz.FROM, yz.TO))
yz.target_table(r)
print("\nGrowth, percent a year")
polsim.growth_table(r, { "gdpr", "hcr", "fair", "retail", "rev", "loans" })
print("\nLevels")
polsim.table(r, { "gdp", "gdpr", "fai", "retail", "rev", "bal", "loans" })

r:write("plan_2024.json")
r:write("plan_2024.csv")
