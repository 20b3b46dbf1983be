-- status: 6
-- expect: scenario 'ruled' has per-period rules (s:rule): Monte Carlo draws run in C without Lua
local m = polsim.model("models/examples/keynes")
local s = m:scenario("ruled", { from = 2025, to = 2027 })
s:rule(function(ctx) end)
polsim.montecarlo(s, { draws = 10 })
