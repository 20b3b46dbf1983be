-- status: 6
-- expect: sweep: design "sobol" needs points = N (N >= 1)
local m = polsim.model("models/examples/keynes")
local base = m:scenario("base", { from = 2025, to = 2026 })
polsim.sweep(base, { g = { 150, 250 } }, { design = "sobol" })
