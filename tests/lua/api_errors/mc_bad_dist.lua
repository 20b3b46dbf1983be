-- status: 6
-- expect: mc_bad_dist.lua:6: bad argument #2 to 'montecarlo' (exogenous 'g': triangular distribution: mode 9 must lie in [min, max] = [1, 3])
-- A distribution's parameters are checked before any draw.
local m = polsim.model("models/examples/keynes")
local s = m:scenario("base", { from = 2025, to = 2027 })
polsim.montecarlo(s, { draws = 10,
  exogenous = { g = { dist = "triangular", min = 1, mode = 9, max = 3 } } })
