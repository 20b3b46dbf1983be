-- status: 6
-- expect: arg_type.lua:7: bad argument #3 to 'shock' (number expected, got string)
-- A string where a number is expected: the message names the argument
-- (counted after the colon) and the type it wanted.
local m = polsim.model("models/examples/keynes")
local s = m:scenario("base")
s:shock("g", 2025, "ten")
