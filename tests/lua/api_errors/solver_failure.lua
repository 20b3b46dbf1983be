-- status: 5
-- expect: singular Jacobian in 2025
-- expect: equation [gdp], variable y, period 2025
-- expect: solver_failure.lua:8: in main chunk
-- With mpc = 1 consumption and output equations cannot pin down y (the
-- multiplier 1 / (1 - mpc) is infinite): the solver fails, exit status 5.
local m = polsim.model("models/examples/keynes")
m:scenario("mpc1", { from = 2025, to = 2026 }):param("mpc", 1):run()
