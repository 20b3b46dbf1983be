-- status: 6
-- expect: mc_unknown_param.lua:6: bad argument #2 to 'montecarlo' (params.c1: model 'keynes' has no parameter 'c1' (did you mean 'c0'?))
-- A misspelt parameter: the nearest parameter is suggested.
local m = polsim.model("models/examples/keynes")
local s = m:scenario("base", { from = 2025, to = 2027 })
polsim.montecarlo(s, { draws = 10, params = { c1 = { dist = "normal", mean = 40, sd = 5 } } })
