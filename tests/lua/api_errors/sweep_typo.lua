-- status: 6
-- expect: sweep: dimension 'mcp': model 'keynes' has no 'mcp' (did you mean 'mpc'?)
local m = polsim.model("models/examples/keynes")
local base = m:scenario("base", { from = 2025, to = 2026 })
polsim.sweep(base, { mcp = { 0.5, 0.7, 3 } })
