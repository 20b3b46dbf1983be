-- status: 6
-- expect: endogenous_set.lua:6: bad argument #1 to 'set' ('c' is endogenous (determined by equation [consumption]): shift it with its add-factor, s:addfactor("c", ...)
-- Endogenous variables are solved, not set: the message points to the add-factor.
local m = polsim.model("models/examples/keynes")
local s = m:scenario("base")
s:set("c", 2025, 450)
