-- status: 6
-- expect: attribution: group 'out': 'y' is endogenous (its equation determines it)
local m = polsim.model("models/examples/keynes")
local base = m:scenario("base", { from = 2025, to = 2026 })
local alt = base:copy("alt"):shock("g", 2025, 10)
polsim.attribute(base, alt, { groups = { out = { "y" } } })
