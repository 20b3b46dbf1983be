-- Keynesian cross multipliers against their closed forms (mpc = 0.6):
--   dy/dg = dy/di = 1 / (1 - mpc) = 2.5,   dy/dt = -mpc / (1 - mpc) = -1.5,
--   balanced budget (dg = dt): 1,          dc/dg = mpc / (1 - mpc) = 1.5.
local check = setmetatable({}, {__index = function() return function() end end})

local m = polsim.model("models/examples/keynes")
local base = m:scenario("base", { from = 2025, to = 2027 })
local r0 = base:run()
-- No change: y = (40 - 0.6 * 150 + 200 + 180) / 0.4 = 825, c = 445.
check.near(r0.y[2025], 825, 1e-10, "baseline y")
check.near(r0.c[2025], 445, 1e-10, "baseline c")

local function response(name, change)
  local s = base:copy(name)
  change(s)
  local r = s:run()
  return r.y[2025] - r0.y[2025], r.c[2025] - r0.c[2025], r
end

local dy, dc = response("g+10", function(s) s:shock("g", 2025, 10) end)
check.near(dy / 10, 2.5, 1e-10, "government spending multiplier")
check.near(dc / 10, 1.5, 1e-10, "consumption response to g")

dy = response("i+10", function(s) s:shock("i", 2025, 10) end)
check.near(dy / 10, 2.5, 1e-10, "investment multiplier")

dy = response("t+10", function(s) s:shock("t", 2025, 10) end)
check.near(dy / 10, -1.5, 1e-10, "tax multiplier")

local r
dy, dc, r = response("balanced", function(s) s:shock("g", 2025, 10):shock("t", 2025, 10) end)
check.near(dy / 10, 1.0, 1e-10, "balanced-budget multiplier")
-- Disposable income y - t is unchanged, so consumption is too.
check.near(dc, 0, 1e-10, "consumption under a balanced-budget expansion")
-- The shock lasts one year only.
check.near(r.y[2026], 825, 1e-10, "y after a one-year shock")

-- The multiplier depends on the parameter: mpc = 0.8 gives 1 / 0.2 = 5.
local s8 = m:scenario("mpc0.8", { from = 2025, to = 2025 }):param("mpc", 0.8)
local s8g = s8:copy("mpc0.8 g+1"):shock("g", 2025, 1)
check.near(s8g:run().y[2025] - s8:run().y[2025], 5, 1e-9, "multiplier with mpc = 0.8")
