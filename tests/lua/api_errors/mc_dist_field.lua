-- status: 6
-- expect: bad argument #2 to 'montecarlo' (params.c0 (lognormal): unknown field 'sd' (fields: dist, mu, sigma))
-- Each distribution takes its own fields; a field of another one is refused.
local m = polsim.model("models/examples/keynes")
local s = m:scenario("base", { from = 2025, to = 2027 })
polsim.montecarlo(s, { params = { c0 = { dist = "lognormal", mu = 3, sd = 0.1 } } })
