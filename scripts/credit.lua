-- Question: how much do total and targeted credit matter for investment and
-- growth?  Variants around the plan: slower total credit (10% instead of 15%
-- in 2024), faster (20%), and targeted loans (technology, manufacturing, small
-- and micro firms) growing 10% or 20% instead of 15%.
local yz = require("yangzhou")
local m = polsim.model("models/yangzhou")

local plan = yz.plan(m)
local slow = plan:copy("loans_10"):set("loan_g", yz.FROM, 10)
local fast = plan:copy("loans_20"):set("loan_g", yz.FROM, 20)
local tslow = plan:copy("targeted_10"):set("tloan_g", yz.FROM, yz.TO, 10)
local tfast = plan:copy("targeted_20"):set("tloan_g", yz.FROM, yz.TO, 20)

local c = polsim.compare(plan:run(), slow:run(), fast:run(), tslow:run(), tfast:run())
c:print({ "loans", "indinv", "fai", "gdpr" }, { to = 2026 })
c:write("credit.csv")
