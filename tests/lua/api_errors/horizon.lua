-- status: 6
-- expect: horizon.lua:4: bad argument #2 to 'scenario' ('to' is before 'from')
local m = polsim.model("models/examples/keynes")
m:scenario("backwards", { from = 2030, to = 2025 })
