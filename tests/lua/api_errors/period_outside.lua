-- status: 6
-- expect: period_outside.lua:5: bad argument #2 to 'get' (period outside the result (2015..2030))
local m = polsim.model("models/examples/keynes")
local r = m:scenario("base", { from = 2025, to = 2030 }):run()
print(r:get("y", 2031))
