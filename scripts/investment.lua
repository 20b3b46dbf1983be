-- Question: what would additional major industrial projects and public
-- investment add?  The plan sets no extra projects (its "industrial project
-- investment above 100 billion" and "industrial investment +18%" are targets
-- the model judges).  Variants: 100 and 200 (100m yuan, 2020 prices) of extra
-- major projects a year, and public investment flat instead of growing 5% a
-- year.
local yz = require("yangzhou")
local m = polsim.model("models/yangzhou")

local plan = yz.plan(m)
local p100 = plan:copy("projects_100"):set("proj_inv", yz.FROM, yz.TO, 100)
local p200 = plan:copy("projects_200"):set("proj_inv", yz.FROM, yz.TO, 200)
local flat = plan:copy("public_flat"):set("pubinv", yz.FROM, yz.TO, m:history("pubinv")[2023])

local c = polsim.compare(plan:run(), p100:run(), p200:run(), flat:run())
c:print({ "fai", "indinv", "gdpr", "bal" }, { to = 2026 })
c:write("investment.csv")
