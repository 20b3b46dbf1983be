-- status: 6
-- expect: unknown_method.lua:5: polsim.Scenario has no field or method 'shok' (did you mean 'shock'?)
local m = polsim.model("models/examples/keynes")
local s = m:scenario("base")
s:shok("g", 2025, 10)
