-- status: 3
-- expect: attribution: scenario 'y900' has targets or instruments (s:target, s:instrument), which this analysis does not solve for yet
-- Attribution runs solve the frame as it stands: a target would be dropped silently, so it is refused.
local m = polsim.model("models/examples/keynes")
local base = m:scenario("base", { from = 2025, to = 2027 })
local alt = base:copy("y900"):set("i", 2025, 210)
alt:target("y", 2025, 900):instrument("g", 2025)
polsim.attribute(base, alt, { groups = { inv = { "i" } } })
