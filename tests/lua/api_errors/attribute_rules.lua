-- status: 6
-- expect: attribution: scenario 'alt' has per-period rules
local m = polsim.model("models/examples/keynes")
local base = m:scenario("base", { from = 2025, to = 2026 })
local alt = base:copy("alt"):rule(function(ctx) ctx:set("g", 210) end)
polsim.attribute(base, alt, { groups = { g = { "g" } } })
