-- On a linear model (the Keynesian cross, y = (c0 - mpc t + i + g) / (1 - mpc))
-- there is no interaction: each group's contribution equals its own effect
-- alone, which is its closed-form multiplier times the change.
local check = require("lib.check")

local m = polsim.model("models/examples/keynes")
local base = m:scenario("base", { from = 2025, to = 2027 })
local alt = base:copy("alt"):shock("g", 2025, 2027, 10):shock("t", 2025, 2027, 5):shock("i", 2026, 2027, -4)
local a = polsim.attribute(base, alt, { groups = { spend = { "g" }, tax = { "t" }, inv = { "i" } } })
local r0 = base:run()
local function alone(name, change)
  local s = base:copy(name)
  change(s)
  return s:run()
end
local rg = alone("g", function(s) s:shock("g", 2025, 2027, 10) end)
local rt = alone("t", function(s) s:shock("t", 2025, 2027, 5) end)
local ri = alone("i", function(s) s:shock("i", 2026, 2027, -4) end)
for p = 2025, 2027 do
  check.near(a:contribution("spend", "y", p), rg.y[p] - r0.y[p], 1e-9, "g alone " .. p)
  check.near(a:contribution("tax", "y", p), rt.y[p] - r0.y[p], 1e-9, "t alone " .. p)
  check.near(a:contribution("inv", "y", p), ri.y[p] - r0.y[p], 1e-9, "i alone " .. p)
end
-- and the multipliers: dy/dg = 2.5, dy/dt = -1.5 (mpc = 0.6)
check.near(a:contribution("spend", "y", 2025), 25, 1e-9, "g multiplier")
check.near(a:contribution("tax", "y", 2025), -7.5, 1e-9, "t multiplier")
check.near(a:contribution("inv", "y", 2025), 0, 1e-12, "i unchanged in 2025")
