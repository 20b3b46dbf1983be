-- status: 6
-- expect: attribution groups: keys must be names (strings), got a number
-- Groups given as a list instead of NAME = {inputs}.
local m = polsim.model("models/examples/keynes")
local base = m:scenario("base", { from = 2025, to = 2026 })
local alt = base:copy("alt"):shock("g", 2025, 10)
polsim.attribute(base, alt, { groups = { { "g" } } })
