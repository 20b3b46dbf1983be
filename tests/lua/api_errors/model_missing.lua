-- status: 4
-- expect: models/examples/nokeynes
local m = polsim.model("models/examples/nokeynes")
