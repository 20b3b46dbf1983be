-- status: 6
-- expect: bad argument #2 to 'montecarlo' (draws must be between 1 and 10000000, got 0)
local m = polsim.model("models/examples/keynes")
local s = m:scenario("base", { from = 2025, to = 2027 })
polsim.montecarlo(s, { draws = 0 })
