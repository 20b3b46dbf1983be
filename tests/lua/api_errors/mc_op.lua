-- status: 6
-- expect: bad argument #3 to 'prob' (comparison must be ">=", "<=", ">" or "<", got "=>")
local m = polsim.model("models/examples/keynes")
local s = m:scenario("base", { from = 2025, to = 2027 })
local mc = polsim.montecarlo(s, { draws = 10 })
print(mc:prob("y", 2025, "=>", 800))
