-- Question: how much do credit impulses matter for investment and growth?
-- Loans are an outcome of the model (they follow potential nominal growth and
-- return towards a loan-to-GDP anchor); the levers are impulses above that
-- path.  Variants around the plan: total loans 3 and 6 points above their
-- path in 2024 (the second 3 points buy less than the first: diminishing
-- returns), a squeeze 3 points below, and targeted loans (technology,
-- manufacturing, small and micro firms) 10 points above their path.
local yz = require("yangzhou")
local m = polsim.model("models/yangzhou")

local plan = yz.plan(m)
local up3 = plan:copy("credit_+3"):set("loan_g", yz.FROM, 3)
local up6 = plan:copy("credit_+6"):set("loan_g", yz.FROM, 6)
local squeeze = plan:copy("credit_-3"):set("loan_g", yz.FROM, -3)
local targeted = plan:copy("targeted_+10"):set("tloan_g", yz.FROM, 10)

local rp = plan:run()
local r3, r6 = up3:run(), up6:run()
local c = polsim.compare(rp, r3, r6, squeeze:run(), targeted:run())
c:print({ "loans", "tloans", "indinv", "fai", "gdpr" }, { to = 2026 })

-- First-year FAI per yuan of extra credit, for the first and the second 3 points.
local function per_yuan(a, b)
  return (a.fai[yz.FROM] - b.fai[yz.FROM]) / (a.loans[yz.FROM] - b.loans[yz.FROM])
end
print(string.format("\nFAI per yuan of extra loans in %d: first 3 points %.3f, next 3 points %.3f",
                    yz.FROM, per_yuan(r3, rp), per_yuan(r6, r3)))
c:write("credit.csv")
