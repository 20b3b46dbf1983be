-- status: 3
-- expect: scenario 'y900' has targets or instruments (s:target, s:instrument), which Monte Carlo draws do not solve for yet
-- Draws solve the frame as it stands: a target would be dropped silently, so it is refused.
local m = polsim.model("models/examples/keynes")
local s = m:scenario("y900", { from = 2025, to = 2027 })
s:target("y", 2025, 900):instrument("g", 2025)
polsim.montecarlo(s, { draws = 10 })
