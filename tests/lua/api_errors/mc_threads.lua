-- status: 6
-- expect: bad argument #2 to 'montecarlo' (threads must be between 1 and 64, got 100)
local m = polsim.model("models/examples/keynes")
local s = m:scenario("base", { from = 2025, to = 2027 })
polsim.montecarlo(s, { draws = 10, threads = 100 })
