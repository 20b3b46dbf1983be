-- status: 6
-- expect: arg_period.lua:5: bad argument #2 to 'set' (expected a year such as 2024, got table)
local m = polsim.model("models/examples/keynes")
local s = m:scenario("base")
s:set("g", {}, 5)
