-- status: 6
-- expect: rule_type.lua:5: bad argument #1 to 'rule' (function expected, got number)
local m = polsim.model("models/examples/keynes")
local s = m:scenario("base")
s:rule(180)
