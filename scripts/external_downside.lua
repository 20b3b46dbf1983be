-- Question: how exposed is the plan to weaker outside demand?  A downside in
-- which external demand (the rest of China, exports, visitors) grows 2% instead
-- of 5% from 2024, and a sharper one with no growth in 2024-2025.
local yz = require("yangzhou")
local m = polsim.model("models/yangzhou")

local plan = yz.plan(m)
local weak = plan:copy("external_2pct"):set("extd_g", yz.FROM, yz.TO, 2)
local stall = plan:copy("external_stall"):set("extd_g", yz.FROM, yz.FROM + 1, 0)

local c = polsim.compare(plan:run(), weak:run(), stall:run())
c:print({ "xr", "nxr", "gdpr", "vaindr", "rev" }, { to = 2027 })
c:write("external_downside.csv")
