-- status: 6
-- expect: typo_variable.lua:6: bad argument #1 to 'set' (model 'keynes' has no variable 'gg' (did you mean 'g'?))
-- A misspelt variable name: the message names the model and the nearest name.
local m = polsim.model("models/examples/keynes")
local s = m:scenario("base")
s:set("gg", 2025, 200)
