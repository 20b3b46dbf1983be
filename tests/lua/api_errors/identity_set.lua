-- status: 6
-- expect: identity_set.lua:6: bad argument #1 to 'grow' ('y' is endogenous (determined by identity [gdp]): change the variables it is made of)
-- An identity has no add-factor: the message says what moves it instead.
local m = polsim.model("models/examples/keynes")
local s = m:scenario("base")
s:grow("y", 2025, 10)
