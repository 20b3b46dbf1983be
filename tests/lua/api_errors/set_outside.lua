-- status: 6
-- expect: scenario 'base': 'g' at 2040 is outside the scenario's periods 2015..2030
local m = polsim.model("models/examples/keynes")
local s = m:scenario("base", { from = 2025, to = 2030 })
s:set("g", 2040, 1)
s:run()
