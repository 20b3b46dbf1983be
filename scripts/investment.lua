-- Question: how much of the plan's growth rests on investment?  Variants:
-- without the additional major industrial projects, with half again as many,
-- and with public investment flat instead of growing 5% a year.
local yz = require("yangzhou")
local m = polsim.model("models/yangzhou")

local plan = yz.plan(m)
local noproj = plan:copy("no_major_projects"):set("proj_inv", yz.FROM, yz.TO, 0)
local more = plan:copy("projects_x1.5"):set("proj_inv", yz.FROM, yz.TO, 157.5)
local flat = plan:copy("public_flat"):set("pubinv", yz.FROM, yz.TO, m:history("pubinv")[2023])

local c = polsim.compare(plan:run(), noproj:run(), more:run(), flat:run())
c:print({ "fai", "indinv", "gdpr", "bal" }, { to = 2026 })
c:write("investment.csv")
