-- status: 6
-- expect: bad argument #2 to 'montecarlo' ('c' is endogenous (determined by equation [consumption]): draw an exogenous input, or its add-factor c_a)
local m = polsim.model("models/examples/keynes")
local s = m:scenario("base", { from = 2025, to = 2027 })
polsim.montecarlo(s, { draws = 10, exogenous = { c = { dist = "normal", mean = 0, sd = 1 } } })
