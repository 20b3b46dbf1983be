-- status: 6
-- expect: mc_not_recorded.lua:7: bad argument #1 to 'quantile' ('c' was not recorded in this Monte Carlo run: name it in vars = {...})
-- Only the series named in vars are kept; asking for another says so.
local m = polsim.model("models/examples/keynes")
local s = m:scenario("base", { from = 2025, to = 2027 })
local mc = polsim.montecarlo(s, { draws = 10, vars = { "y" } })
print(mc:quantile("c", 2025, 0.5))
