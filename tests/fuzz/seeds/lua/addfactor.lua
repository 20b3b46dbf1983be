-- s:addfactor: shifting a behavioural equation.  An add-factor of a in the
-- consumption equation adds a to c at given income, so y moves by a / (1 - mpc).
local check = setmetatable({}, {__index = function() return function() end end})

local m = polsim.model("models/examples/keynes")
local base = m:scenario("base", { from = 2025, to = 2027 })
local y0 = 825 -- (40 - 90 + 200 + 180) / 0.4

local s = base:copy("af")
check.is_true(rawequal(s:addfactor("c", 2025, 4), s), "addfactor returns the scenario")
s:addfactor("c", { [2026] = -2 })
s:addfactor("c", 2027, 2027, { 1 })
local r = s:run()
check.near(r.c_a[2025], 4, 1e-12, "c_a 2025")
check.near(r.y[2025] - y0, 4 / 0.4, 1e-10, "y response to an add-factor of 4")
check.near(r.y[2026] - y0, -2 / 0.4, 1e-10, "y response to an add-factor of -2")
check.near(r.y[2027] - y0, 1 / 0.4, 1e-10, "addfactor(var, p0, p1, {values})")

-- The same through the add-factor's own name.
local s2 = base:copy("af by name"):set("c_a", 2025, 4)
check.near(s2:run().y[2025], r.y[2025], 1e-10, "set('c_a') equals addfactor('c')")
local s3 = base:copy("af of af"):addfactor("c_a", 2025, 4)
check.near(s3:run().y[2025], r.y[2025], 1e-10, "addfactor('c_a') equals addfactor('c')")

-- Only behavioural equations have one.
check.fails("'g' has no add-factor", "addfactor of an exogenous variable", s.addfactor, s, "g", 2025, 1)
check.fails("'y' has no add-factor", "addfactor of an identity", s.addfactor, s, "y", 2025, 1)
