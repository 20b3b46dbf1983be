-- s:param: reading and changing parameters, and their inheritance in copies.
local check = setmetatable({}, {__index = function() return function() end end})

local m = polsim.model("models/examples/keynes")
local s = m:scenario("p", { from = 2025, to = 2026 })
check.eq(s:param("mpc"), 0.6, "param read: the model's value")
check.eq(s:param("c0"), 40, "param read: c0")

local child = s:copy("child")
check.is_true(rawequal(s:param("mpc", 0.5), s), "param set returns the scenario")
check.eq(s:param("mpc"), 0.5, "param after set")
check.eq(child:param("mpc"), 0.5, "a child sees its parent's parameter (even a later change)")

-- y = (c0 - mpc t + i + g) / (1 - mpc) = (40 - 75 + 380) / 0.5 = 690.
check.near(s:run().y[2025], 690, 1e-10, "y with mpc = 0.5")

-- A child's own value overrides, and does not flow back to the parent.
child:param("c0", 50)
check.eq(child:param("c0"), 50, "child's own c0")
check.eq(s:param("c0"), 40, "parent's c0 unchanged")
-- (50 - 75 + 380) / 0.5 = 710.
check.near(child:run().y[2025], 710, 1e-10, "y in the child")
check.near(s:run().y[2025], 690, 1e-10, "y in the parent unchanged")

-- Another model's scenario keeps the model's own value.
check.eq(m:scenario("fresh"):param("mpc"), 0.6, "a new scenario starts from the model")

check.fails("'g' is exogenous, not a parameter", "param of a series", s.param, s, "g", 1)
check.fails("expected a finite number", "param of NaN", s.param, s, "mpc", 0 / 0)
check.fails("'mpc' is a parameter and has no periods: use s:param(\"mpc\", value)",
            "set of a parameter", s.set, s, "mpc", 2025, 0.5)
