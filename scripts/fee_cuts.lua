-- Question: what do tax-and-fee cuts of different sizes do to growth, budget
-- revenue and the budget balance, compared with the plan's 5 billion yuan?
-- Variants: no new cuts, the plan (50, in 100m yuan), a doubled cut (100), and
-- the 2023 pace (110).
local yz = require("yangzhou")
local m = polsim.model("models/yangzhou")

local plan = yz.plan(m)
local none = plan:copy("no_new_cuts"):set("fee_cut", yz.FROM, yz.TO, 0)
local double = plan:copy("cuts_100"):set("fee_cut", yz.FROM, yz.TO, 100)
local pace = plan:copy("cuts_110"):set("fee_cut", yz.FROM, yz.TO, 110)

local rp, rn, rd, r23 = plan:run(), none:run(), double:run(), pace:run()
local c = polsim.compare(rp, rn, rd, r23)
c:print({ "gdpr", "rev", "bal" }, { to = 2026 })

-- First-year GDP per yuan of relief (docs/models/yangzhou.md, "Multipliers": 0.2-0.6).
local mult = (rd.gdp[yz.FROM] - rp.gdp[yz.FROM]) / 50
print(string.format("\nFirst-year nominal GDP per yuan of extra relief: %.2f", mult))
c:write("fee_cuts.csv")
