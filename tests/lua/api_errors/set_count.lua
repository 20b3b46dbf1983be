-- status: 6
-- expect: set_count.lua:5: bad argument #4 to 'set' (expected 3 values (one per period), got 2)
local m = polsim.model("models/examples/keynes")
local s = m:scenario("base")
s:set("g", 2025, 2027, { 1, 2 })
